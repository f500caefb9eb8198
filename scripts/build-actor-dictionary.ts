import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { ActorKind, ActorRole, DictionaryActor } from '../src/understand/actors/types.js';
import { aliasKey } from '../src/understand/actors/normalise.js';

// `npm run build:actors`: the actor dictionary (data/actors/actors.jsonl) from the project's curated list
// (data/actors/curated.txt), npm `world-countries`, and the PETRARCH/Phoenix and CountryInfo dictionaries in
// ../shared/data/actors. Sources and licences: data/actors/SOURCES.md. Same inputs, same bytes.

const require = createRequire(import.meta.url);
const repo = resolve(dirname(new URL(import.meta.url).pathname), '..');
const argAt = process.argv.indexOf('--shared');
const shared = resolve(argAt >= 0 ? (process.argv[argAt + 1] ?? '') : join(repo, '..', 'shared', 'data'));
const actorsDir = join(shared, 'actors');
if (!existsSync(join(actorsDir, 'Phoenix.Countries.actors.txt'))) {
  process.stderr.write(`Missing ${actorsDir}/Phoenix.Countries.actors.txt: pass --shared <dir>.\n`);
  process.exit(2);
}

/** The region the dictionary covers in depth; elsewhere only countries and international bodies. */
export const REGION = [
  'IRN',
  'IRQ',
  'SYR',
  'LBN',
  'ISR',
  'PSE',
  'JOR',
  'TUR',
  'SAU',
  'ARE',
  'QAT',
  'KWT',
  'BHR',
  'OMN',
  'YEM',
  'EGY',
  'USA',
  'RUS',
  'CHN',
];

function readText(path: string): string {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

const actors = new Map<string, DictionaryActor>();
const byAlias = new Map<string, string>();
/** Alias key → owning actor id, across kinds: a name another actor already owns is not taken again. */
const owner = new Map<string, string>();
const counts = new Map<string, number>();

function index(actor: DictionaryActor): void {
  for (const n of [actor.name, ...actor.aliases]) {
    const k = `${actor.kind}:${aliasKey(n)}`;
    if (!byAlias.has(k)) byAlias.set(k, actor.id);
    if (!owner.has(aliasKey(n))) owner.set(aliasKey(n), actor.id);
  }
}

/**
 * Synonyms from PETRARCH to keep for an actor. Its group entries list leaders and members as synonyms
 * ("HASSAN_NASRALLAH" under Hezbollah) and reuse names across groups ("Islamic Jihad"): person-like names
 * are dropped from groups, and a name another actor owns stays with that actor.
 */
function keepSynonyms(kind: ActorKind, id: string, names: string[]): string[] {
  return names.filter((n) => {
    const o = owner.get(aliasKey(n));
    if (o && o !== id) return false;
    if (kind === 'person' || kind === 'country') return true;
    const words = n.split(' ');
    return words.length === 1 || ORG_WORDS.test(n);
  });
}

function put(actor: DictionaryActor, source: string): void {
  actor.aliases = [...new Set(actor.aliases.filter((a) => a && a !== actor.name))];
  actors.set(actor.id, actor);
  index(actor);
  counts.set(source, (counts.get(source) ?? 0) + 1);
}

/** An actor already present under one of these names (same kind), so sources merge instead of doubling. */
function existing(kind: ActorKind, names: string[]): DictionaryActor | null {
  for (const n of names) {
    const id = byAlias.get(`${kind}:${aliasKey(n)}`);
    if (id) return actors.get(id) ?? null;
  }
  return null;
}

function readCurated(): void {
  const path = join(repo, 'data', 'actors', 'curated.txt');
  for (const [i, raw] of readFileSync(path, 'utf8').split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const f = line.split(' | ').map((x) => x.trim());
    if (f.length < 7) throw new Error(`${path}:${i + 1}: expected 7 or 8 fields, found ${f.length}`);
    const [kind, id, name, codes, country, aliases, roles, notes] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string?,
    ];
    const note = Object.fromEntries(
      (notes ?? '')
        .split(';')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    const parsedRoles: ActorRole[] = roles
      .split(';')
      .filter(Boolean)
      .map((r) => {
        const [title, code, dates] = r.split('@');
        const [from, to] = (dates ?? '..').split('..');
        if (!title || !code) throw new Error(`${path}:${i + 1}: role "${r}" needs title@CODE@FROM..TO`);
        return { title, code, from: from || null, to: to || null };
      });
    put(
      {
        id: `${kind === 'igo' ? 'igo' : kind === 'person' ? 'person' : 'org'}:${id}`,
        kind: kind as ActorKind,
        name,
        aliases: aliases.split(';').map((a) => a.trim()),
        codes: codes.split(/\s+/).filter(Boolean),
        country: country || null,
        roles: parsedRoles,
        ...(note.rank ? { rank: note.rank } : {}),
        sources: ['curated', ...(note.source ? [note.source] : [])],
      },
      'curated',
    );
  }
}

interface WorldCountry {
  name: { common: string; official: string; native?: Record<string, { common: string; official: string }> };
  altSpellings: string[];
  capital: string[];
  cca3: string;
  demonyms?: { eng?: { f: string; m: string } };
  translations?: Record<string, { common: string; official: string }>;
}

/** CountryInfo's English country names ("TURKEY", "IVORY_COAST") by ISO alpha-3. */
const countryInfoNames = new Map<string, string>();

/** CountryInfo's nationality lists ("SYRIAN_", "SURIYAH_") by ISO alpha-3. */
function countryInfoNationalities(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const text = readText(join(actorsDir, 'CountryInfo.120116.txt'));
  for (const block of text.split('<Country>').slice(1)) {
    const iso = /<ISO3166-alpha3>([A-Z]{3})</.exec(block)?.[1];
    const name = /<CountryName>([^<]+)<\/CountryName>/.exec(block)?.[1];
    if (iso && name) countryInfoNames.set(iso, titleCase(name));
    const nat = /<Nationality>([\s\S]*?)<\/Nationality>/.exec(block)?.[1];
    if (!iso || !nat) continue;
    out.set(
      iso,
      nat
        .split('\n')
        .map((l) => l.replace(/#.*$/, '').trim())
        .filter((l) => /^[A-Z]/.test(l))
        .map((l) => titleCase(l)),
    );
  }
  return out;
}

function titleCase(raw: string): string {
  return raw
    .replace(/_+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/(^|[\s\-'/(])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase())
    .replace(/\bAl-/g, 'al-');
}

function readCountries(): void {
  const nationalities = countryInfoNationalities();
  // Short forms news uses that the country lists lack.
  const extra: Record<string, string[]> = {
    USA: ['US', 'U.S.', 'America', 'the United States', 'United States of America', 'Washington'],
    GBR: ['UK', 'U.K.', 'Britain', 'Great Britain'],
    RUS: ['Russian Federation'],
    PSE: ['Palestine', 'Palestinian territories', 'State of Palestine'],
    ARE: ['UAE', 'U.A.E.', 'Emirates', 'the Emirates'],
    SYR: ['Syrian Arab Republic'],
    IRN: ['Islamic Republic of Iran', 'Islamic Republic', 'Persia'],
    KOR: ['South Korea'],
    PRK: ['North Korea'],
    TUR: ['Turkiye', 'Türkiye'],
  };
  const arabic = (c: WorldCountry): string[] =>
    [
      c.translations?.ara?.common,
      c.translations?.per?.common,
      c.name.native?.ara?.common,
      c.name.native?.fas?.common,
    ].filter((x): x is string => !!x);
  for (const c of require('world-countries') as WorldCountry[]) {
    const demonyms = [c.demonyms?.eng?.m, c.demonyms?.eng?.f, ...(nationalities.get(c.cca3) ?? [])].filter(
      (x): x is string => !!x && x.length > 2,
    );
    put(
      {
        id: `country:${c.cca3}`,
        kind: 'country',
        name: c.name.common,
        aliases: [
          c.name.official,
          ...c.altSpellings.filter((a) => a.length > 3),
          ...(extra[c.cca3] ?? []),
          // world-countries follows current official short names ("Türkiye"); news still writes "Turkey".
          ...(countryInfoNames.has(c.cca3) ? [countryInfoNames.get(c.cca3) as string] : []),
          ...arabic(c),
        ],
        codes: [c.cca3],
        country: c.cca3,
        roles: [],
        demonyms: [...new Set(demonyms)],
        capitals: c.capital.filter(Boolean),
        sources: ['world-countries', ...(nationalities.has(c.cca3) ? ['CountryInfo'] : [])],
      },
      'world-countries',
    );
  }
}

/** PETRARCH dates: YYMMDD or YYYYMMDD, with day 31 of a 30-day month tolerated. */
function petrarchDate(raw: string): string | null {
  const d = raw.replace(/[^\d]/g, '');
  if (d.length !== 6 && d.length !== 8) return null;
  const year =
    d.length === 8
      ? Number(d.slice(0, 4))
      : Number(d.slice(0, 2)) + (Number(d.slice(0, 2)) > 30 ? 1900 : 2000);
  const month = Math.min(Math.max(Number(d.slice(-4, -2)), 1), 12);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Math.max(Number(d.slice(-2)), 1), last);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const SECTORS: Record<string, string> = {
  GOV: 'government official',
  MIL: 'military',
  LEG: 'legislator',
  JUD: 'judiciary',
  SPY: 'intelligence',
  COP: 'police',
  BUS: 'economy',
  MED: 'media',
  REB: 'rebel',
  OPP: 'opposition',
  ELI: 'elite',
  EDU: 'education',
  HLH: 'health',
  AGR: 'agriculture',
  LAB: 'labour',
  ENV: 'environment',
  REF: 'refugees',
  DEV: 'development',
};

function roleFromCode(code: string, comment: string): string {
  if (comment) return comment.toLowerCase();
  const sector = code.slice(3, 6);
  return SECTORS[sector] ?? 'official';
}

const ORG_WORDS =
  /\b(ministry|party|army|front|organi[sz]ation|council|bank|union|forces?|brigades?|movement|committee|association|agency|institute|company|group|league|authority|commission|court|parliament|assembly|government|police|guards?|office|service|corps|navy|militia|jihad|state|mission|network|society|coalition|alliance|battalion|regiment|division)\b/i;

/** PETRARCH actor blocks: a name line, "+synonym" lines, then "[CODE dates] # comment" lines. */
function readPetrarch(file: string, accept: (codes: string[]) => boolean, source: string): void {
  const lines = readText(join(actorsDir, file)).split('\n');
  let names: string[] = [];
  let codes: Array<{ code: string; from: string | null; to: string | null; comment: string }> = [];
  const flush = (): void => {
    if (names.length === 0 || codes.length === 0) {
      names = [];
      codes = [];
      return;
    }
    const plain = codes.map((c) => c.code);
    const dated = codes.some((c) => c.from || c.to);
    const clean = names.map((n) => titleCase(n.replace(/\([^)]*\)/g, ' '))).filter((n) => n.length > 1);
    const main = clean[0];
    if (main && accept(plain) && !/^(the )?[a-z]/.test(main)) {
      const isPerson = dated && !ORG_WORDS.test(main) && main.split(' ').length <= 5;
      const kind: ActorKind = isPerson
        ? 'person'
        : plain.some((c) => c.startsWith('IGO'))
          ? 'igo'
          : plain.some((c) => /REB|IMG|INS|UAF/.test(c))
            ? 'group'
            : 'organisation';
      const known = existing(kind, clean);
      if (known) {
        const extra = keepSynonyms(
          kind,
          known.id,
          clean.filter((n) => n !== known.name),
        );
        known.aliases = [...new Set([...known.aliases, ...extra])];
        if (!known.sources.includes(source)) known.sources.push(source);
        index(known);
      } else {
        const country =
          plain
            .map((c) => c.slice(0, 3))
            .find((c) => /^[A-Z]{3}$/.test(c) && !/^(IGO|NGO|IMG|MNC)$/.test(c)) ?? null;
        const slug = aliasKey(main)
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '');
        const id = `${kind === 'person' ? 'person' : kind === 'igo' ? 'igo' : 'org'}:${slug}`;
        if (!actors.has(id) && slug) {
          put(
            {
              id,
              kind,
              name: main,
              aliases: keepSynonyms(kind, id, clean.slice(1)),
              codes: [...new Set(plain)],
              country,
              roles: isPerson
                ? codes.map((c) => ({
                    title: roleFromCode(c.code, c.comment),
                    code: c.code,
                    from: c.from,
                    to: c.to,
                  }))
                : [],
              sources: [source],
            },
            source,
          );
        }
      }
    }
    names = [];
    codes = [];
  };
  for (const line of lines) {
    const noComment = line.replace(/#.*$/, '').trimEnd();
    const comment = (/#\s*(.*)$/.exec(line)?.[1] ?? '').trim();
    if (!noComment.trim()) {
      if (!line.trim()) flush();
      continue;
    }
    if (/^\s*\[/.test(noComment) || /^\s+\[/.test(line)) {
      for (const m of noComment.matchAll(/\[([A-Z~]{3,})\s*([^\]]*)\]/g)) {
        const range = (m[2] ?? '').trim();
        let from: string | null = null;
        let to: string | null = null;
        if (range.startsWith('>')) from = petrarchDate(range.slice(1));
        else if (range.startsWith('<')) to = petrarchDate(range.slice(1));
        else if (range.includes('-')) {
          const [a, b] = range.split('-');
          from = petrarchDate(a ?? '');
          to = petrarchDate(b ?? '');
        }
        codes.push({
          code: m[1] ?? '',
          from,
          to,
          comment: /CountryInfo|kkl|MleH|CTA|ELH|BK/.test(comment) ? '' : comment,
        });
      }
      continue;
    }
    if (noComment.trim().startsWith('+')) {
      names.push(noComment.trim().slice(1));
      continue;
    }
    if (/^\S/.test(noComment)) {
      flush();
      const [namePart, ...rest] = noComment.split(/\s+\[/);
      for (const alt of (namePart ?? '').match(/\{[^}]*\}/g) ?? [namePart ?? ''])
        names.push(alt.replace(/[{}]/g, '').trim());
      if (rest.length > 0) {
        for (const m of noComment.matchAll(/\[([A-Z~]{3,})\s*([^\]]*)\]/g))
          codes.push({ code: m[1] ?? '', from: null, to: null, comment: '' });
      }
    }
  }
  flush();
}

readCurated();
readCountries();
const inRegion = (codes: string[]): boolean => codes.some((c) => REGION.includes(c.slice(0, 3)));
readPetrarch(
  'Phoenix.Countries.actors.txt',
  (codes) => inRegion(codes) && !codes.every((c) => /^[A-Z]{3}$/.test(c)),
  'Phoenix.Countries',
);
readPetrarch(
  'Phoenix.MilNonState.actors.txt',
  (codes) => inRegion(codes) || codes.some((c) => c.startsWith('IMG')),
  'Phoenix.MilNonState',
);
readPetrarch(
  'Phoenix.International.actors.txt',
  (codes) => codes.some((c) => c.startsWith('IGO')),
  'Phoenix.International',
);

/**
 * PETRARCH agents: role words and the sector code they carry ("DEFENSE_MINIST [~GOVMIL]"). Macros such as
 * !MINIST! and !PERSON! are expanded; the result is a phrase → code list the role parser consults.
 */
function readAgents(): string[] {
  const text = readText(join(actorsDir, 'Phoenix.agents.txt'));
  const macros = new Map<string, string[]>();
  const rows = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const macro = /^(![A-Z]+!)\s*=\s*(.+)$/.exec(line);
    if (macro) {
      macros.set(
        macro[1] ?? '',
        (macro[2] ?? '')
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean),
      );
      continue;
    }
    const m = /^([^[{]+?)\s*(?:\{[^}]*\})?\s*\[~([A-Z]{3,9})\]/.exec(line);
    if (!m) continue;
    let phrases = [(m[1] ?? '').trim()];
    for (const [name, words] of macros) {
      phrases = phrases.flatMap((p) => (p.includes(name) ? words.map((w) => p.replace(name, w)) : [p]));
    }
    // PETRARCH stems: "DEFENSE_MINIST" matches minister, ministers, ministry.
    phrases = phrases.flatMap((p) =>
      /MINIST$/.test(p) ? (macros.get('!MINIST!') ?? []).map((w) => p.replace(/MINIST$/, w)) : [p],
    );
    for (const p of phrases) {
      const phrase = p.replace(/_/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
      if (phrase && /^[a-z][a-z .'-]*$/.test(phrase) && !rows.has(phrase)) rows.set(phrase, m[2] ?? '');
    }
  }
  return [...rows].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([p, c]) => `${p}\t${c}`);
}
const agents = readAgents();
writeFileSync(join(repo, 'data', 'actors', 'agents.tsv'), `${agents.join('\n')}\n`);
process.stderr.write(`wrote data/actors/agents.tsv: ${agents.length} role phrases\n`);

const out = join(repo, 'data', 'actors', 'actors.jsonl');
const sorted = [...actors.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
writeFileSync(out, `${sorted.map((a) => JSON.stringify(a)).join('\n')}\n`);
const byKind = new Map<string, number>();
for (const a of sorted) byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1);
const regional = sorted.filter((a) => a.kind !== 'country' && a.country && REGION.includes(a.country)).length;
process.stderr.write(`wrote ${out}: ${sorted.length} actors (${regional} regional, non-country)\n`);
process.stderr.write(`  by kind: ${[...byKind].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
process.stderr.write(`  by source: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
