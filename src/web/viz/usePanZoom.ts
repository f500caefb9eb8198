import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type RefObject,
} from 'react';
import { IDENTITY, clampView, zoomAt, type View } from './zoom.js';

export interface PanZoomOptions {
  /** The viewBox size: pointer positions are converted into it. */
  width: number;
  height: number;
  minK?: number;
  maxK?: number;
  /** When this changes (new data, new size) the view goes back to the fitted one. */
  resetKey?: unknown;
}

export interface PanZoom {
  view: View;
  dragging: boolean;
  zoomBy: (factor: number) => void;
  /** Goes to a view (the map zooming to a clicked cluster's extent), within the zoom limits. */
  zoomTo: (v: View) => void;
  reset: () => void;
  /** Spread onto the <svg>. */
  handlers: {
    onPointerDown: (e: PointerEvent<SVGSVGElement>) => void;
    onPointerMove: (e: PointerEvent<SVGSVGElement>) => void;
    onPointerUp: (e: PointerEvent<SVGSVGElement>) => void;
    onPointerCancel: (e: PointerEvent<SVGSVGElement>) => void;
    onClickCapture: (e: MouseEvent<SVGSVGElement>) => void;
    onKeyDown: (e: KeyboardEvent<SVGSVGElement>) => void;
  };
}

interface Pt {
  x: number;
  y: number;
}

/** Past this many pixels a press is a drag, not a click: clicks on clusters and nodes must keep working. */
const DRAG_THRESHOLD = 4;
const KEY_PAN = 48;
const STEP = 1.5;

/**
 * Drag to pan, wheel or pinch to zoom, arrow keys and +/−/0 when the SVG has focus. The wheel listener is
 * attached natively because React's is passive and could not stop the page from scrolling.
 */
export function usePanZoom(svgRef: RefObject<SVGSVGElement | null>, opts: PanZoomOptions): PanZoom {
  const { width, height, minK = 1, maxK = 32, resetKey } = opts;
  const [view, setView] = useState<View>(IDENTITY);
  const [dragging, setDragging] = useState(false);
  const limits = useRef({ minK, maxK, width, height });
  limits.current = { minK, maxK, width, height };
  const pointers = useRef(new Map<number, Pt>());
  const last = useRef<Pt | null>(null);
  const start = useRef<Pt | null>(null);
  const pinch = useRef<{ dist: number; mid: Pt } | null>(null);
  const moved = useRef(false);

  useEffect(() => {
    setView(IDENTITY);
  }, [resetKey, width, height]);

  const toLocal = useCallback(
    (clientX: number, clientY: number): Pt => {
      const svg = svgRef.current;
      const r = svg?.getBoundingClientRect();
      if (!r || r.width === 0 || r.height === 0) return { x: clientX, y: clientY };
      const l = limits.current;
      return { x: ((clientX - r.left) * l.width) / r.width, y: ((clientY - r.top) * l.height) / r.height };
    },
    [svgRef],
  );

  const apply = useCallback((f: (v: View) => View) => {
    setView((v) => clampView(f(v), limits.current.width, limits.current.height));
  }, []);

  const zoomBy = useCallback(
    (factor: number) => {
      const l = limits.current;
      apply((v) => zoomAt(v, factor, l.width / 2, l.height / 2, l));
    },
    [apply],
  );
  const zoomTo = useCallback(
    (to: View) => {
      const l = limits.current;
      const k = Math.min(l.maxK, Math.max(l.minK, to.k));
      // A view clamped in k keeps the same centre as asked for.
      const f = k / to.k;
      apply(() => ({
        k,
        x: l.width / 2 - (l.width / 2 - to.x) * f,
        y: l.height / 2 - (l.height / 2 - to.y) * f,
      }));
    },
    [apply],
  );
  const reset = useCallback(() => setView(IDENTITY), []);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? limits.current.height : 1;
      const factor = Math.min(2, Math.max(0.5, Math.exp(-e.deltaY * unit * 0.0015)));
      const p = toLocal(e.clientX, e.clientY);
      apply((v) => zoomAt(v, factor, p.x, p.y, limits.current));
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [svgRef, toLocal, apply]);

  const pinchState = (): { dist: number; mid: Pt } | null => {
    const [a, b] = [...pointers.current.values()];
    if (!a || !b) return null;
    return { dist: Math.hypot(a.x - b.x, a.y - b.y), mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
  };

  const onPointerDown = (e: PointerEvent<SVGSVGElement>): void => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const p = toLocal(e.clientX, e.clientY);
    pointers.current.set(e.pointerId, p);
    if (pointers.current.size === 1) {
      start.current = p;
      last.current = p;
      moved.current = false;
    } else if (pointers.current.size === 2) {
      pinch.current = pinchState();
    }
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>): void => {
    if (!pointers.current.has(e.pointerId)) return;
    const p = toLocal(e.clientX, e.clientY);
    pointers.current.set(e.pointerId, p);
    if (pointers.current.size >= 2) {
      const now = pinchState();
      const before = pinch.current;
      if (now && before && before.dist > 0) {
        moved.current = true;
        const f = now.dist / before.dist;
        apply((v) => {
          const z = zoomAt(v, f, before.mid.x, before.mid.y, limits.current);
          return { k: z.k, x: z.x + now.mid.x - before.mid.x, y: z.y + now.mid.y - before.mid.y };
        });
      }
      pinch.current = now;
      return;
    }
    const s = start.current;
    const l = last.current;
    if (!s || !l) return;
    if (!moved.current) {
      if (Math.hypot(p.x - s.x, p.y - s.y) < DRAG_THRESHOLD) return;
      moved.current = true;
      setDragging(true);
      // Captured only once it is a drag: capturing on press would retarget the click away from a cluster.
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    last.current = p;
    apply((v) => ({ k: v.k, x: v.x + p.x - l.x, y: v.y + p.y - l.y }));
  };

  const onPointerUp = (e: PointerEvent<SVGSVGElement>): void => {
    pointers.current.delete(e.pointerId);
    pinch.current = null;
    const rest = [...pointers.current.values()][0];
    // Lifting one finger of a pinch continues as a drag from where the other finger is.
    last.current = rest ?? null;
    start.current = rest ?? null;
    if (pointers.current.size === 0) setDragging(false);
  };

  const onClickCapture = (e: MouseEvent<SVGSVGElement>): void => {
    if (moved.current) {
      e.stopPropagation();
      e.preventDefault();
      moved.current = false;
    }
  };

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>): void => {
    const l = limits.current;
    const pan = (dx: number, dy: number): void => apply((v) => ({ k: v.k, x: v.x + dx, y: v.y + dy }));
    switch (e.key) {
      case 'ArrowLeft':
        pan(KEY_PAN, 0);
        break;
      case 'ArrowRight':
        pan(-KEY_PAN, 0);
        break;
      case 'ArrowUp':
        pan(0, KEY_PAN);
        break;
      case 'ArrowDown':
        pan(0, -KEY_PAN);
        break;
      case '+':
      case '=':
        apply((v) => zoomAt(v, STEP, l.width / 2, l.height / 2, l));
        break;
      case '-':
      case '_':
        apply((v) => zoomAt(v, 1 / STEP, l.width / 2, l.height / 2, l));
        break;
      case '0':
        reset();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return {
    view,
    dragging,
    zoomBy,
    zoomTo,
    reset,
    handlers: {
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel: onPointerUp,
      onClickCapture,
      onKeyDown,
    },
  };
}

export const ZOOM_STEP = STEP;
