import type { PlaceMention } from '../understand/types.js';

export interface StoryGeography {
  /** ISO alpha-2 → mentions of places in that country, most first. */
  countries: Array<[string, number]>;
  /** First-level divisions ("US.GA"): a label (the division's name when the story names it) and mentions. */
  admins: Array<[string, { label: string; count: number }]>;
  /** Each distinct name once, with how often the story writes it and the first mention's resolution. */
  names: Array<{ mentions: number; place: PlaceMention }>;
}

/**
 * The story's inferred geography from its resolved places (issue 17, part 5): what the reader shows beside
 * the places so an analyst sees the context a name was resolved in.
 */
export function storyGeography(places: readonly PlaceMention[]): StoryGeography {
  const countries = new Map<string, number>();
  const admins = new Map<string, { label: string; count: number }>();
  const names = new Map<string, { mentions: number; place: PlaceMention }>();
  for (const p of places) {
    const seen = names.get(p.span.text);
    if (seen) seen.mentions++;
    else names.set(p.span.text, { mentions: 1, place: p });
    const at = p.place;
    if (!at?.country) continue;
    countries.set(at.country, (countries.get(at.country) ?? 0) + 1);
    if (!at.admin1 || at.featureCode === 'PCLI') continue;
    const key = `${at.country}.${at.admin1}`;
    const before = admins.get(key);
    admins.set(key, {
      label: at.featureCode === 'ADM1' ? at.name : (before?.label ?? key),
      count: (before?.count ?? 0) + 1,
    });
  }
  return {
    countries: [...countries.entries()].sort((a, b) => b[1] - a[1]),
    admins: [...admins.entries()].sort((a, b) => b[1].count - a[1].count),
    names: [...names.values()],
  };
}
