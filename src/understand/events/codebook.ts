import type { CameoEntry } from './dictionary-file.js';
import { PLOVER_TYPES, type PloverType } from './types.js';

/**
 * Goldstein (1992) conflict–cooperation weights at CAMEO root level, as the CAMEO 1.1b3 codebook assigns
 * them to its twenty cue categories; sub-codes take their root's weight, which is coarser than the
 * per-code table GDELT publishes but never contradicts its sign.
 */
const GOLDSTEIN_ROOT = new Map<string, number>(
  Object.entries({
    '01': 0,
    '02': 3,
    '03': 4,
    '04': 1,
    '05': 3.5,
    '06': 6,
    '07': 7,
    '08': 5,
    '09': -2,
    '10': -5,
    '11': -2,
    '12': -4,
    '13': -6,
    '14': -6.5,
    '15': -7.2,
    '16': -4,
    '17': -7,
    '18': -9,
    '19': -10,
    '20': -10,
  }),
);

/**
 * Modes the 2021 CAMEO → PLOVER table leaves generic where PLOVER's codebook names a specific one:
 * CAMEO 195 "employ aerial weapons" is PLOVER's aerial assault, 194 artillery and tanks its shelling.
 */
const MODE_OVERRIDE = new Map<string, string>(
  Object.entries({
    '195': 'aerial',
    '1951': 'aerial',
    '1952': 'aerial',
    '194': 'shelling',
  }),
);

export interface CodedType {
  type: PloverType;
  mode: string | null;
  context: string | null;
  quadClass: 1 | 2 | 3 | 4;
  goldstein: number;
  description: string;
}

export class Codebook {
  private readonly table: ReadonlyMap<string, CameoEntry>;

  /** The CAMEO → PLOVER table as parsed from JSON, turned into a Map so no code finds Object.prototype. */
  constructor(table: Readonly<Record<string, CameoEntry>>) {
    this.table = new Map(Object.entries(table));
  }

  /** The PLOVER reading of a CAMEO code, walking up to its parent code; null for roots PLOVER drops (01, 02). */
  code(cameo: string): CodedType | null {
    for (let c = cameo; c.length >= 3; c = c.slice(0, -1)) {
      const e = this.table.get(c);
      if (!e) continue;
      if (!(PLOVER_TYPES as readonly string[]).includes(e.type)) return null;
      const root = cameo.slice(0, 2);
      const n = Number(root);
      return {
        type: e.type as PloverType,
        mode: MODE_OVERRIDE.get(cameo) ?? e.mode,
        context: e.context,
        quadClass: n <= 5 ? 1 : n <= 8 ? 2 : n <= 13 ? 3 : 4,
        goldstein: GOLDSTEIN_ROOT.get(root) ?? 0,
        description: e.description,
      };
    }
    return null;
  }
}
