import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { distanceKm } from '../../src/understand/places/geo.js';
import { GazetteerFormatError, PLACES_HEADER } from '../../src/understand/places/gazetteer-file.js';
import { PlaceGazetteer } from '../../src/understand/places/gazetteer.js';
import { placeKey } from '../../src/understand/places/normalise.js';
import { resolveGiven } from '../../src/understand/places/geoparse.js';
import type { Toponym } from '../../src/understand/places/types.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources, type UnderstandResources } from '../../src/understand/resources.js';

let res: UnderstandResources;
let analyzer: Analyzer;
beforeAll(() => {
  res = loadResources(packageRoot());
  analyzer = createAnalyzer(res);
});

const names = (surface: string): string[] =>
  res.places.lookup(surface).map((i) => {
    const p = res.places.places[i]!;
    return `${p.name}@${p.cc}/${p.fcode}`;
  });

const placesOf = (text: string, publishedAt = '2020-07-08') =>
  analyzer.analyze({ text, publishedAt, language: 'en' }).places;

/** The place a span of the text was resolved to, by the span's text. */
const placeAt = (text: string, surface: string) => placesOf(text).find((p) => p.span.text === surface);

describe('place gazetteer', () => {
  it('matches transliterations, Arabic script, diacritics and the article al-', () => {
    expect(names('Halab')).toContain('Aleppo@SY/PPLA');
    expect(names('حلب')).toContain('Aleppo@SY/PPLA');
    expect(names('Deir al-Zour')).toContain('Deir ez-Zor@SY/PPLA');
    expect(names('Dayr az Zawr')).toContain('Deir ez-Zor@SY/PPLA');
    expect(names('Golan Heights')).toEqual(['Golan Heights@SY/RGN']);
    expect(placeKey('Ḩamāh')).toBe(placeKey('Hamah'));
  });

  it('matches abbreviations only as written', () => {
    expect(names('Ill.')).toEqual(['Illinois@US/ADM1']);
    expect(names('US')).toContain('United States@US/PCLI');
    expect(names('us')).toEqual([]);
    expect(names('MENA')).toEqual(['Middle East@/RGN']);
  });

  it('ships countries, provinces, US counties, towns and curated features', () => {
    const kinds = new Set(res.places.places.map((p) => p.fcode));
    for (const k of ['PCLI', 'ADM1', 'ADM2', 'PPLC', 'PPL', 'STRT', 'AIRB', 'PSTB'])
      expect(kinds.has(k), k).toBe(true);
    expect(res.places.places.length).toBeGreaterThan(140000);
    expect(names('Idlib Governorate')).toEqual(['Idlib Governorate@SY/ADM1']);
  });

  it('refuses a file that is not a gazetteer, saying which line', () => {
    expect(() => PlaceGazetteer.fromTsv('id\tname\n1\tx\n')).toThrow(GazetteerFormatError);
    expect(() => PlaceGazetteer.fromTsv(`${PLACES_HEADER}\n1\tx\n`)).toThrow(/line 2/);
  });
});

describe('detection', () => {
  it('leaves out a capital that speaks for its state and nationality adjectives', () => {
    const text = 'Tehran said on Tuesday that Iranian advisers had left Aleppo.';
    const spans = placesOf(text).map((p) => p.span.text);
    expect(spans).toContain('Aleppo');
    expect(spans).not.toContain('Tehran');
    expect(spans).not.toContain('Iranian');
    // A possessive is the state acting unless a part of the city follows.
    const possessive = placesOf("Moscow's refusal angered them. Shells hit Beirut's port.");
    expect(possessive.map((p) => p.span.text)).toEqual(['Beirut']);
    // The dictionary knows "Washington" as a name of the United States: acting, it is the state too.
    const us = placesOf('Washington said it would send an envoy. Officials in Washington were pleased.');
    expect(us.map((p) => p.span.start)).toEqual([
      'Washington said it would send an envoy. Officials in '.length,
    ]);
  });

  it('finds a place named inside an organisation', () => {
    const text = 'The Mansfield Police Department said the Richland County Sheriff’s Office would help.';
    const spans = placesOf(text).map((p) => p.span.text);
    expect(spans).toContain('Mansfield');
    expect(spans).toContain('Richland County');
    // A state opening an organisation's name, and a place closing one after "of"; a compass word is not
    // Cameroon's North Region.
    const more = placesOf(
      'Officials of the Texas Forest Service met teachers from the University of Alexandria. ' +
        'North Arlington Neighbors signed the lease.',
    ).map((p) => p.span.text);
    expect(more).toEqual(expect.arrayContaining(['Texas', 'Alexandria']));
    expect(more).not.toContain('North');
    // A county's name says what it is whatever follows; a city council is the town's.
    const named = placesOf(
      'The Madison County Partnership for Community Health met. Dublin City Council met in Dublin, Ohio.',
    );
    expect(named.map((p) => p.span.text)).toEqual(['Madison County', 'Dublin', 'Dublin', 'Ohio']);
    expect(named[1]?.place?.featureClass).toBe('P');
  });

  it('finds a town the tagger took for something else by its context', () => {
    const text =
      'The bill was written by Sen. Torrey Westrom, R-Elbow Lake. A Northbrook-based charity paid for it.';
    const spans = placesOf(text).map((p) => p.span.text);
    expect(spans).toContain('Elbow Lake');
    expect(spans).toContain('Northbrook');
    expect(spans).not.toContain('Torrey Westrom');
  });

  it("finds airports and air bases, and never takes a sentence's closing period into a name", () => {
    const text = 'Flights resumed at Ben Gurion International Airport, while drones struck Al Asad Air Base.';
    const found = placesOf(text);
    const airport = found.find((p) => p.span.text === 'Ben Gurion International Airport');
    expect(airport?.place?.featureCode).toBe('AIRP');
    expect(airport?.place?.country).toBe('IL');
    const base = found.find((p) => p.place?.featureCode === 'AIRB');
    expect(base?.place?.country).toBe('IQ');
    expect(base?.span.text.endsWith('.')).toBe(false);
    expect(names('Baghdad Airport')).toContain('Baghdad International Airport@IQ/AIRP');
  });

  it("knows the region's towns by the spellings news uses, short names of large places, and whole names the tagger cut", () => {
    expect(names('Kiryat Shmona')).toContain('Qiryat Shemona@IL/PPL');
    expect(names('Tal Abyad')).toContain('Tall Abyaḑ@SY/PPLA2');
    expect(names('Qom')).toContain('Qom@IR/PPLA');
    expect(names('al-Kut')).toContain('Al Kūt@IQ/PPLA');
    // Three-letter names of small places stay out: they are words more often than places.
    expect(names('God')).toEqual([]);
    // The tagger reads only "al-Ain" of "Ras al-Ain".
    const ras = placeAt('Fighting was reported in Ras al-Ain on Monday.', 'Ras al-Ain');
    expect(ras?.place?.country).toBe('SY');
  });

  it('reads wire datelines and places inside hyphenated words', () => {
    const dateline = placesOf(
      'Two teenagers found unharmed. HURRICANE, W.Va. - Officers came. BEIRUT (Reuters) -- Talks resumed.',
    );
    expect(dateline.map((p) => `${p.span.text}:${p.place?.admin1 ?? p.place?.country}`)).toEqual([
      'HURRICANE:WV',
      'W.Va.:WV',
      'BEIRUT:04',
    ]);
    const hyphens = placesOf(
      'Rep. Barbara Lee, D-Oakland, met a Philadelphia-based firm to discuss Egypt-Israel ties.',
    );
    expect(hyphens.map((p) => p.span.text)).toEqual(['Oakland', 'Philadelphia', 'Egypt', 'Israel']);
    expect(hyphens[3]?.span.start).toBe(hyphens[2]!.span.end + 1);
  });

  it("does not take a story's people, plain words or a city council for places", () => {
    const text =
      'Paris mayor Anne Hidalgo visited Jerusalem. Hidalgo said the City Council would help. ' +
      '"He is OK, thank God," said Mr. Sanford, who lives in Sanford, N.C.';
    const spans = placesOf(text).map((p) => p.span.text);
    expect(spans).toEqual(['Paris', 'Jerusalem', 'Sanford', 'N.C.']);
    // A seat of government acting is the body; Gaza, a body in the dictionary too, stays a place.
    const seats = placesOf('The White House said on Monday that the Kremlin had denied it. Gaza was calm.');
    expect(seats.map((p) => p.span.text)).toEqual(['Gaza']);
    const building = placesOf('Protesters gathered outside the White House.')[0]?.place;
    expect(building).toMatchObject({ featureCode: 'BLDG', country: 'US' });
    expect(distanceKm(38.8977, -77.0365, building!.lat, building!.lon)).toBeLessThan(5);
  });

  it("finds the region's places the tagger took for people or cut short, and reads capitals as cities", () => {
    const text =
      'Turkish-backed forces shelled Tal Rifaat. Rockets hit Kiryat Shmona. Ships near Bab el-Mandeb were ' +
      'hit. Jets struck Nabatieh. Talks were held in Doha, Sanaa and Tehran.';
    const out = placesOf(text).map((p) => `${p.span.text}:${p.place?.featureCode}`);
    expect(out).toEqual([
      'Tal Rifaat:PPLA3',
      'Kiryat Shmona:PPL',
      'Bab el-Mandeb:STRT',
      'Nabatieh:PPLA',
      'Doha:PPLC',
      'Sanaa:PPLC',
      'Tehran:PPLC',
    ]);
    // A name joined to a place, a connector inside a name, a capital addressed.
    const more = placesOf(
      'SDF fighters held Raqqa and Kobani. A drone fell into the Sea of Galilee. Zarif warned Washington.',
    ).map((p) => `${p.span.text}:${p.place?.featureCode}`);
    expect(more).toEqual(['Raqqa:PPLA', 'Kobani:PPLA2', 'Sea of Galilee:LK']);
  });

  it('finds well-known places by the gazetteer when the tagger misses them', () => {
    const text = 'shelling continued near the golan heights and in Eastern Ghouta, monitors said.';
    const ghouta = placeAt(text, 'Eastern Ghouta');
    expect(ghouta?.place?.name).toBe('Eastern Ghouta');
    expect(ghouta?.place?.country).toBe('SY');
  });
});

describe('resolution', () => {
  const given = (text: string, ...surfaces: string[]): Toponym[] =>
    surfaces.map((s) => {
      const start = text.indexOf(s);
      return { span: { sentence: 0, start, end: start + s.length, text: s }, entity: null, source: 'gold' };
    });

  it('reads "A, B" as A inside B', () => {
    const text = 'He grew up in Springfield, Ill. and moved to Paris, Texas.';
    const out = resolveGiven(
      given(text, 'Springfield', 'Ill.', 'Paris', 'Texas'),
      { text, actors: [] },
      res.places,
    );
    expect(out[0]?.place?.admin1).toBe('IL');
    expect(out[1]?.place?.featureCode).toBe('ADM1');
    expect(out[2]?.place?.country).toBe('US');
    expect(out[2]?.place?.admin1).toBe('TX');
  });

  it('lets the document decide between same-named places, and keeps one reading per name', () => {
    const fr = 'Talks opened in Paris. France said the Paris talks would go on in Lyon.';
    const us = 'The Paris City Council met on Monday. Paris is the seat of Lamar County, Texas, near Dallas.';
    const frOut = resolveGiven(given(fr, 'Paris', 'France', 'Lyon'), { text: fr, actors: [] }, res.places);
    expect(frOut[0]?.place?.country).toBe('FR');
    const usOut = resolveGiven(
      given(us, 'Paris', 'Lamar County', 'Texas', 'Dallas'),
      { text: us, actors: [] },
      res.places,
    );
    expect(usOut[0]?.place?.admin1).toBe('TX');
    const twice = placesOf(fr).filter((p) => p.span.text === 'Paris');
    expect(new Set(twice.map((p) => p.place?.id)).size).toBe(1);
  });

  it('takes the city for a bare name and the governorate when the text says province', () => {
    const text = 'Fighting in Aleppo spread to the countryside of Aleppo province.';
    const out = resolveGiven(given(text, 'Aleppo', 'Aleppo province'), { text, actors: [] }, res.places);
    expect(out[0]?.place?.featureClass).toBe('P');
    expect(out[1]?.place?.featureCode).toBe('ADM1');
    const before = 'Shelling hit the northern province of Aleppo, Syria. Aleppo itself was calm.';
    const kinds = placesOf(before).map((p) => `${p.span.text}:${p.place?.featureCode}`);
    expect(kinds).toEqual(['Aleppo:ADM1', 'Syria:PCLI', 'Aleppo:PPLA']);
    // A town the tagger took for a person, after a verb of motion; the city, not its governorate.
    const moved = placesOf('Fighters moved to Hama. The minister spoke to Jackson.');
    expect(moved.map((p) => `${p.span.text}:${p.place?.featureCode}`)).toContain('Hama:PPLA');
  });

  it('places Lebanon, Syria and Israel near their GeoNames points', () => {
    const text = 'Hezbollah fighters crossed from Lebanon into Syria, and Israel struck them near Damascus.';
    const truth: Record<string, [number, number]> = {
      Lebanon: [33.83333, 35.83333],
      Syria: [35, 38],
      Israel: [31.5, 34.75],
      Damascus: [33.5102, 36.29128],
    };
    for (const [name, [lat, lon]] of Object.entries(truth)) {
      const p = placeAt(text, name)?.place;
      expect(p, name).toBeTruthy();
      expect(distanceKm(lat, lon, p!.lat, p!.lon), name).toBeLessThan(25);
    }
  });

  it('resolves a nationality adjective to its country only when asked to (gold spans)', () => {
    const text = 'Russian officials met Georgian envoys.';
    const demonym = (w: string) => res.actors.countryByDemonym(w)?.country ?? undefined;
    const out = resolveGiven(given(text, 'Russian', 'Georgian'), { text, actors: [] }, res.places, demonym);
    expect(out.map((m) => m.place?.country)).toEqual(['RU', 'GE']);
    expect(resolveGiven(given(text, 'Russian'), { text, actors: [] }, res.places)[0]?.place).toBeNull();
  });

  it('reads names before "County" or in a list before "counties" as counties, and no others', () => {
    const text =
      'Volunteers came from Barrow and Jackson counties. Oglethorpe County schools closed. ' +
      'Its rate was near the middle of Indiana counties. He moved to Springfield, Clark County.';
    const out = resolveGiven(
      given(text, 'Barrow', 'Jackson', 'Oglethorpe', 'Indiana', 'Springfield'),
      { text, actors: [] },
      res.places,
    );
    expect(out.map((m) => m.place?.featureCode)).toEqual(['ADM2', 'ADM2', 'ADM2', 'ADM1', 'PPLA2']);
    expect(out[4]?.place?.featureClass).toBe('P');
    expect(out[0]?.place?.name).toBe('Barrow County');
    expect(out[0]?.place?.admin1).toBe('GA');
    expect(out[1]?.place?.admin1).toBe('GA');
  });

  it('knows second-level divisions outside the US by their full names', () => {
    const text = 'Manbij itself was calm, but shelling hit villages in Manbij District.';
    const out = resolveGiven(given(text, 'Manbij District', 'Manbij'), { text, actors: [] }, res.places);
    expect(out.map((m) => m.place?.featureCode)).toEqual(['ADM2', 'PPLA2']);
    expect(distanceKm(36.53, 37.95, out[0]!.place!.lat, out[0]!.place!.lon)).toBeLessThan(60);
    expect(names('Lancashire')).toContain('Lancashire@GB/ADM2');
  });

  it('reads a name joined to a country as a country, whatever a US state elsewhere says', () => {
    const text =
      'Talks between Israel and Lebanon resumed on Monday. Pennsylvania Senator John Fetterman backed the deal.';
    expect(placeAt(text, 'Lebanon')?.place?.featureCode).toBe('PCLI');
  });

  it('reads two ambiguous names as the pair that lie together', () => {
    // Neither name says Tennessee alone: the largest Paris is in France, Henry Counties are in six states.
    const text = 'Paris and Henry County are rich in history. The Paris council met on Tuesday.';
    const out = resolveGiven(given(text, 'Paris', 'Henry County'), { text, actors: [] }, res.places);
    expect(out.map((m) => `${m.place?.country}.${m.place?.admin1}`)).toEqual(['US.TN', 'US.TN']);
  });

  it("places a name the gazetteer lacks near the middle of the document's places, never as an entry", () => {
    const text =
      'Lamont visits Harwinton supporters. The candidate drove from Torrington to Harwinton and on to Litchfield and Bristol, Conn.';
    const out = resolveGiven(
      given(text, 'Harwinton', 'Torrington', 'Litchfield', 'Bristol', 'Conn.'),
      { text, actors: [] },
      res.places,
    );
    const harwinton = out[0]!;
    expect(harwinton.place).toBeNull();
    expect(harwinton.approximate?.country).toBe('US');
    expect(harwinton.approximate?.admin1).toBe('CT');
    // Harwinton, Connecticut: GeoNames 4837130.
    expect(distanceKm(41.77, -73.06, harwinton.approximate!.lat, harwinton.approximate!.lon)).toBeLessThan(
      40,
    );
    // A document that names only countries: the country it names most.
    const syria = 'Shelling hit Qaryat Xulbun, Syria. Syria and Turkey traded blame; Syria denied it.';
    const inSyria = resolveGiven(
      given(syria, 'Qaryat Xulbun', 'Syria', 'Turkey'),
      { text: syria, actors: [] },
      res.places,
    );
    expect(inSyria[0]?.place).toBeNull();
    expect(inSyria[0]?.approximate?.nearName).toBe('Syria');
    // With no other place there is nothing to go by.
    const alone = resolveGiven(
      given('Harwinton', 'Harwinton'),
      { text: 'Harwinton', actors: [] },
      res.places,
    );
    expect(alone[0]?.place).toBeNull();
    expect(alone[0]?.approximate).toBeUndefined();
  });

  it('drops a doubtful small namesake far from the story for an approximate point near it', () => {
    // The gazetteer's Sharons are American towns; the Sharon plain is not in it.
    const text = 'Protesters marched in Tel Aviv, Haifa and Netanya; farmers in Sharon joined them.';
    const out = resolveGiven(
      given(text, 'Tel Aviv', 'Haifa', 'Netanya', 'Sharon'),
      { text, actors: [] },
      res.places,
    );
    expect(out.slice(0, 3).map((m) => m.place?.country)).toEqual(['IL', 'IL', 'IL']);
    expect(out[3]?.candidates).toBeGreaterThan(1);
    expect(out[3]?.place).toBeNull();
    expect(out[3]?.approximate?.country).toBe('IL');
    // Without the stray rule (nor the far-reading one) the American town stands.
    const kept = resolveGiven(
      given(text, 'Tel Aviv', 'Haifa', 'Netanya', 'Sharon'),
      { text, actors: [] },
      res.places,
      undefined,
      { strayKm: 0, farEvidence: 0 },
    );
    expect(kept[3]?.place?.country).toBe('US');
  });

  it("puts countries on GeoNames' points and provinces near their middle, not where people live", () => {
    const text = "Wildfires spread from Alberta into Canada's north.";
    const truth: Record<string, [number, number]> = {
      // GeoNames 6251999 and 5883102.
      Canada: [60.10867, -113.64258],
      Alberta: [55.00019, -115.00049],
    };
    for (const [name, [lat, lon]] of Object.entries(truth)) {
      const p = placeAt(text, name)?.place;
      expect(p, name).toBeTruthy();
      expect(distanceKm(lat, lon, p!.lat, p!.lon), name).toBeLessThan(161);
    }
  });

  it('gives a confidence that drops when the choice was close', () => {
    const text = 'Visitors came from Springfield.';
    const [m] = resolveGiven(given(text, 'Springfield'), { text, actors: [] }, res.places);
    expect(m?.candidates).toBeGreaterThan(5);
    expect(m?.confidence).toBeLessThan(0.9);
    const [iran] = resolveGiven(given('Iran', 'Iran'), { text: 'Iran', actors: [] }, res.places);
    expect(iran?.confidence).toBeGreaterThan(0.9);
  });
});

describe('distanceKm', () => {
  it('measures great-circle distance', () => {
    expect(distanceKm(0, 0, 0, 1)).toBeCloseTo(111.19, 1);
    expect(distanceKm(33.5102, 36.29128, 36.20124, 37.16117)).toBeGreaterThan(300);
    expect(distanceKm(33.5102, 36.29128, 36.20124, 37.16117)).toBeLessThan(320);
  });
});
