import { formatPlaceRow, type PlaceRecord } from './gazetteer-file.js';
import { placeKey } from './normalise.js';

/** A team's gazetteer entry: a place added, or a shipped one replaced (keys are computed here). */
export type PlaceEdit = Omit<PlaceRecord, 'keys'>;

export function withKeys(p: PlaceEdit): PlaceRecord {
  const keys = [...new Set([p.name, ...p.aliases].map(placeKey).filter(Boolean))];
  return { ...p, keys };
}

/**
 * The shipped gazetteer's rows with a team's edits: rows of edited ids are replaced, new ids appended.
 * Pure, so resources stay a function of their inputs (the edits' hash is part of the places version).
 */
export function mergePlaceOverlay(tsv: string, overlay: readonly PlaceEdit[]): string {
  if (!overlay.length) return tsv;
  const ids = new Set(overlay.map((p) => p.id));
  const kept = tsv
    .split('\n')
    .filter((line, i) => i === 0 || (line && !ids.has(line.slice(0, line.indexOf('\t')))));
  return `${[...kept, ...overlay.map((p) => formatPlaceRow(withKeys(p)))].join('\n')}\n`;
}
