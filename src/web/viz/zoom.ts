// Pan/zoom arithmetic shared by the map and the graph: screen = base × k + (x, y).

export interface View {
  k: number;
  x: number;
  y: number;
}

export const IDENTITY: View = { k: 1, x: 0, y: 0 };

export interface ZoomLimits {
  minK: number;
  maxK: number;
}

/** Zoom by `factor` keeping the screen point (cx, cy) still: what the wheel and a pinch do. */
export function zoomAt(v: View, factor: number, cx: number, cy: number, limits: ZoomLimits): View {
  const k = Math.min(limits.maxK, Math.max(limits.minK, v.k * factor));
  const f = k / v.k;
  return { k, x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f };
}

/**
 * Keep at least `keep` (a fraction) of the zoom-1 content box width × height on screen, so the content
 * cannot be flung out of sight; the reset button is still there if it is.
 */
export function clampView(v: View, width: number, height: number, keep = 0.2): View {
  const cw = width * v.k;
  const ch = height * v.k;
  const x = Math.min(width - keep * Math.min(cw, width), Math.max(keep * Math.min(cw, width) - cw, v.x));
  const y = Math.min(height - keep * Math.min(ch, height), Math.max(keep * Math.min(ch, height) - ch, v.y));
  return { k: v.k, x, y };
}

export function viewTransform(v: View): string {
  return `translate(${round(v.x)},${round(v.y)}) scale(${round(v.k, 1e4)})`;
}

function round(n: number, q = 100): number {
  return Math.round(n * q) / q;
}
