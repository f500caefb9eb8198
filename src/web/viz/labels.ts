// Placing text labels in the charts so that none is cut by the drawing's edge.

/**
 * Where to centre a label of `width` meant for `x`, kept within [min, max] (the drawing's edges): the last
 * month on the timeline and "Iran" at the graph's left edge ("ran") were cut.
 */
export function labelX(x: number, width: number, min: number, max: number): number {
  return Math.max(min + width / 2, Math.min(x, max - width / 2));
}

/** About how wide a label of `text` is at `fontSize`: the UI font's average glyph is near 0.6 em. */
export function labelWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}
