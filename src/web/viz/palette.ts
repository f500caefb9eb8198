// Event-type colours shared by the map, the timeline and the graph, so a type reads the same everywhere.
//
// Hues follow CAMEO's quad classes (the codebook derives quadClass from the CAMEO root): blues/violets for
// verbal cooperation, greens/teals for material cooperation, ambers/oranges for verbal conflict, reds and
// magentas for material conflict. Within a group the colours differ in hue and saturation rather than
// lightness: every colour sits at a relative luminance of roughly 0.14–0.28, which keeps a 3:1 contrast
// (WCAG non-text) against both a white and a near-black panel, so no second palette is needed for dark mode.

export const QUAD_CLASSES = [
  { id: 1, label: 'Verbal cooperation', types: ['AGREE', 'CONSULT', 'SUPPORT', 'REQUEST'] },
  { id: 2, label: 'Material cooperation', types: ['COOPERATE', 'AID', 'CONCEDE', 'RETREAT'] },
  { id: 3, label: 'Verbal conflict', types: ['ACCUSE', 'REJECT', 'THREATEN'] },
  { id: 4, label: 'Material conflict', types: ['PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'] },
] as const;

export type EventType = (typeof QUAD_CLASSES)[number]['types'][number];

/** Legend and stacking order: cooperation first, conflict last, so the most violent types stack on top. */
export const TYPE_ORDER: readonly EventType[] = QUAD_CLASSES.flatMap((q) => q.types);

export const TYPE_COLORS: Readonly<Record<EventType, string>> = {
  AGREE: '#3d6fe0',
  CONSULT: '#2793bd',
  SUPPORT: '#8a6fe0',
  REQUEST: '#7088ad',
  COOPERATE: '#2f9e55',
  AID: '#6f9a1f',
  CONCEDE: '#1f9a8a',
  RETREAT: '#858d68',
  ACCUSE: '#c08000',
  REJECT: '#a88357',
  THREATEN: '#e0701f',
  PROTEST: '#b760c9',
  SANCTION: '#e35a9e',
  MOBILIZE: '#b55a3c',
  COERCE: '#c42a62',
  ASSAULT: '#e03a3a',
};

/** For a type the palette does not know (a future codebook, a typo in data): neutral, still visible. */
export const UNKNOWN_COLOR = '#8a8f98';

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(TYPE_COLORS, type);
}

export function typeColor(type: string): string {
  return isEventType(type) ? TYPE_COLORS[type] : UNKNOWN_COLOR;
}

/** 1–4, or 0 when the type is unknown. */
export function quadClassOf(type: string): number {
  return QUAD_CLASSES.find((q) => (q.types as readonly string[]).includes(type))?.id ?? 0;
}

/** Position in TYPE_ORDER; unknown types sort after the known ones, alphabetically. */
export function typeRank(type: string): number {
  const i = (TYPE_ORDER as readonly string[]).indexOf(type);
  return i === -1 ? TYPE_ORDER.length : i;
}

export function compareTypes(a: string, b: string): number {
  return typeRank(a) - typeRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The given types, deduplicated, in legend order. */
export function orderTypes(types: Iterable<string>): string[] {
  return [...new Set(types)].sort(compareTypes);
}
