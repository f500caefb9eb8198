import { typeColor } from './palette.js';

export interface LegendItem {
  type: string;
  count?: number;
}

/** The event types present, in palette order, each with its swatch (and count when given). */
export function Legend({ items, label = 'Event types' }: { items: LegendItem[]; label?: string }) {
  if (items.length === 0) return null;
  return (
    <ul className="wf-viz-legend" aria-label={label}>
      {items.map((it) => (
        <li key={it.type}>
          <svg viewBox="0 0 10 10" aria-hidden="true">
            <rect width="10" height="10" rx="2" fill={typeColor(it.type)} />
          </svg>
          <span>{it.type}</span>
          {it.count !== undefined && <span className="wf-viz-legend-count">{it.count.toLocaleString()}</span>}
        </li>
      ))}
    </ul>
  );
}
