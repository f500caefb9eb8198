import { useState, type ReactNode } from 'react';

export interface TipState {
  x: number;
  y: number;
  content: ReactNode;
}

/** One hover card per page, positioned near the pointer or the focused element, kept inside the window. */
export function useTip(): [TipState | null, (t: TipState | null) => void, ReactNode] {
  const [tip, setTip] = useState<TipState | null>(null);
  const node = tip ? (
    <div
      className="tip"
      role="tooltip"
      data-testid="tooltip"
      style={{
        left: Math.max(8, Math.min(tip.x + 12, window.innerWidth - 360)),
        top: tip.y + 18 > window.innerHeight - 140 ? tip.y - 130 : tip.y + 18,
      }}
    >
      {tip.content}
    </div>
  ) : null;
  return [tip, setTip, node];
}
