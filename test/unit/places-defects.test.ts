import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import type { PlaceMention } from '../../src/understand/places/types.js';

// Issue 17, defects found on the demo corpus: the saints of a Cairo church read as Minnesota towns (which
// pulled "Alexandria" to the United States), "East Bank" read as an Indian village once "East" was dropped,
// roads' designations read as their states, and a Hijri month read as Hajjah, Yemen.

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer(loadResources(packageRoot()));
});

const demo = new Map(
  readFileSync(join(packageRoot(), 'data', 'demo', 'articles.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string })
    .map((a) => [a.id, a.text]),
);
const article = (id: string): string => {
  const text = demo.get(id);
  if (text === undefined) throw new Error(`demo article ${id} missing`);
  return text;
};
const places = (text: string, language = 'en'): PlaceMention[] =>
  analyzer.analyze({ text, publishedAt: null, language }).places;

describe('demo corpus place defects (issue 17)', () => {
  it('reads Alexandria in the Cairo cathedral story as the Egyptian city, and the church saints as no towns', () => {
    const found = places(article('tr-news-1030016'));
    const alex = found.filter((p) => p.span.text === 'Alexandria');
    expect(alex.length).toBeGreaterThan(0);
    for (const m of alex) expect(m.place?.country).toBe('EG');
    const saints = found.filter((p) => /^(?:St\.|Saint) (?:Peter|Paul)$/.test(p.span.text));
    expect(saints).toEqual([]);
  });

  it('keeps a saint-named town that is no church ("St. Paul, Minn.")', () => {
    const text = 'ST. PAUL, Minn. — Snow closed schools in St. Paul and Minneapolis on Monday.';
    const paul = places(text).filter((p) => p.span.text === 'St. Paul');
    expect(paul.length).toBeGreaterThan(0);
    for (const m of paul) expect(m.place?.country).toBe('US');
  });

  it('does not read "East Bank", West Virginia, as Bank in India', () => {
    const east = places(article('lgl-44148896')).filter((p) => p.span.text === 'East Bank');
    expect(east.length).toBeGreaterThan(0);
    for (const m of east) expect(m.place?.country ?? m.approximate?.country).toBe('US');
  });

  it('still reads a well-known place after a direction word ("Northern Syria")', () => {
    const syria = places('Rebels fought in Northern Syria on Monday, the army in Damascus said.');
    expect(syria.find((p) => p.span.text === 'Northern Syria')?.place?.country).toBe('SY');
  });

  it('takes no road designation for a place: "U.S. Highway 82", "Illinois Route 159", "W.Va. 61"', () => {
    const text =
      'The crash closed U.S. Highway 82 near Gainesville, Texas, on Monday. In Edwardsville, the plan runs to Illinois Route 159. A slide closed W.Va. 61 in Charleston, W.Va., and traffic on Highway 1, I-95 and Route 60 slowed.';
    const found = places(text);
    const surfaces = found.map((p) => p.span.text);
    expect(surfaces).not.toContain('U.S.');
    expect(surfaces).not.toContain('Illinois');
    for (const road of ['Highway 1', 'I-95', 'Route 60', 'Highway 82', 'Route 159'])
      expect(surfaces.some((s) => s.includes(road))).toBe(false);
    // "W.Va." after "Charleston," is the state; before "61" it is the road.
    const wva = found.filter((p) => p.span.text === 'W.Va.');
    expect(wva.length).toBe(1);
    expect(text.slice(wva[0]?.span.end, (wva[0]?.span.end ?? 0) + 2)).toBe(', ');
    expect(surfaces).toContain('Gainesville');
    expect(surfaces).toContain('Edwardsville');
  });

  it('keeps the county a county road runs in ("Freestone County Road 360")', () => {
    const text = 'The driver turned onto Freestone County Road 360 near Fairfield, Texas, deputies said.';
    expect(places(text).map((p) => p.span.text)).toContain('Freestone County');
  });

  it('reads the Hijri month "ذو الحجة" as a month, not Hajjah in Yemen', () => {
    const text =
      'يبدأ الحج في شهر ذو الحجة من كل عام. وقال المسؤولون إن عيد الأضحى يوافق العاشر من ذي الحجة. وصل الحجاج إلى مكة في ذو الحجة 1445.';
    const found = places(text, 'ar');
    expect(found.filter((p) => p.place?.country === 'YE')).toEqual([]);
    expect(found.some((p) => p.place?.country === 'SA')).toBe(true);
  });
});

describe("detection recall from the tagger's other types (issue 17, part 3)", () => {
  const spans = (id: string): string[] => places(article(id)).map((p) => p.span.text);

  it('takes the town opening a building the tagger called a location, and not the building', () => {
    const found = spans('lgl-38543444');
    expect(found).toContain('Waterford');
    expect(found).not.toContain('Waterford High School');
    const hartford = spans('lgl-40113605');
    expect(hartford).toContain('Hartford');
    expect(hartford).not.toContain('Hartford Hospital');
  });

  it('takes a county or township the tagger called a person ("Henry County", "Jerome Township")', () => {
    expect(spans('lgl-39288352')).toContain('Henry County');
    expect(spans('lgl-39960043')).toContain('Jerome Township');
  });

  it('reads a dateline the tagger made a person as the place ("ST. PARIS —", "CLINTON —")', () => {
    expect(spans('lgl-40661246')).toContain('ST. PARIS');
    expect(spans('lgl-40113609')).toContain('CLINTON');
  });

  it('takes a town of two words or more the tagger called a miscellaneous name ("New Concord")', () => {
    expect(spans('lgl-43968998')).toContain('New Concord');
  });

  it('leaves a programme named after a county alone ("Leadership Henry County")', () => {
    const text =
      'McDONOUGH, Ga. — Leadership Henry County will hold its graduation on Friday in McDonough, where the Henry County commissioners meet.';
    expect(places(text).map((p) => p.span.text)).not.toContain('Leadership Henry County');
  });
});

describe('weekdays are not places (issue 17, part 2)', () => {
  it('does not read the Persian weekday "دوشنبه" (Monday) before a date as Dushanbe', () => {
    const text = 'تعطیلی مدارس تهران از دوشنبه ۱۶ بهمن اعلام شد.';
    const found = places(text, 'fa');
    expect(found.filter((p) => p.span.text.includes('دوشنبه'))).toEqual([]);
    expect(found.filter((p) => p.place?.country === 'TJ')).toEqual([]);
    // After a place noun it is the city.
    const city = places('رئیس جمهور امروز به شهر دوشنبه سفر کرد.', 'fa');
    expect(city.some((p) => p.place?.country === 'TJ')).toBe(true);
  });
});
