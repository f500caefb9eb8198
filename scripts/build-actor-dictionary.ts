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
function keepSynonyms(kind: ActorKind, id: string, names: string[], main = ''): string[] {
  const head = aliasKey(main).split(' ').pop() ?? '';
  return names.filter((n) => {
    const o = owner.get(aliasKey(n));
    if (o && o !== id) return false;
    if (kind === 'person' || kind === 'country') return true;
    const words = n.split(' ');
    // "US Congress" under "United States Congress" ends with the name's head word; "Hassan Nasrallah" under
    // Hezbollah and "Al-Qaeda in Iraq" under al-Qaeda do not.
    return (
      words.length === 1 || ORG_WORDS.test(n) || (head.length > 3 && aliasKey(n).split(' ').pop() === head)
    );
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
  independent?: boolean;
  demonyms?: { eng?: { f: string; m: string } };
  translations?: Record<string, { common: string; official: string }>;
}

/** CountryInfo's English country names ("TURKEY", "IVORY_COAST") by ISO alpha-3. */
const countryInfoNames = new Map<string, string>();
/** CountryInfo's heads of state and government (its <Leaders> lists), as `aliasKey`s. */
const countryInfoLeaders = new Set<string>();
/** How CountryInfo blocks were placed when their own codes disagree with their name (printed by the build). */
const countryInfoNotes: string[] = [];

/**
 * CountryInfo's nationality lists ("SYRIAN_", "SURIYAH_") by the ISO alpha-3 of the country they describe.
 * The file's own codes are not trusted alone: its MYANMAR block says ISO3166-alpha3 MOZ, GUATEMALA says GLP,
 * GUINEA says PNG, ISRAEL says IL and JAPAN JON, so keying by that field gave Mozambique Myanmar's names. A
 * block goes to the world-countries entry its <CountryName> names; else its <CountryCode>, else its
 * <ISO3166-alpha3>, when that is a known country. Blocks inside <Comment>…</Comment> are commented out by
 * the file's own convention (Serbia and Montenegro, Montenegro as a part of it with "Serbian" as its
 * nationality, Bosnian entities, Kosovo…) and are skipped.
 */
function countryInfoNationalities(world: readonly WorldCountry[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const known = new Set(world.map((c) => c.cca3));
  const byName = new Map<string, Set<string>>();
  for (const c of world)
    for (const n of [c.name.common, c.name.official, ...c.altSpellings]) {
      const set = byName.get(aliasKey(n)) ?? new Set<string>();
      set.add(c.cca3);
      byName.set(aliasKey(n), set);
    }
  const text = readText(join(actorsDir, 'CountryInfo.120116.txt')).replace(/<!--[\s\S]*?-->/g, '');
  const commented = [...text.matchAll(/<Comment>([\s\S]*?)<\/Comment>/g)].flatMap((m) =>
    (m[1] ?? '').split('<Country>').slice(1),
  );
  const active = text
    .replace(/<Comment>[\s\S]*?<\/Comment>/g, '')
    .split('<Country>')
    .slice(1);
  const blocks = [
    ...active.map((b) => ({ b, commented: false })),
    ...commented.map((b) => ({ b, commented: true })),
  ];
  for (const { b: block, commented: isCommented } of blocks) {
    const rawName = /<CountryName>([^<]+)<\/CountryName>/.exec(block)?.[1];
    if (!rawName) continue;
    const name = titleCase(rawName);
    const code = /<CountryCode>\s*([A-Z]{3})\s*<\/CountryCode>/.exec(block)?.[1];
    const iso = /<ISO3166-alpha3>([A-Z]{3})</.exec(block)?.[1];
    const named = [...(byName.get(aliasKey(name)) ?? [])];
    const target =
      named.length === 1
        ? named[0]
        : code && known.has(code)
          ? code
          : iso && known.has(iso)
            ? iso
            : undefined;
    if (!target) {
      countryInfoNotes.push(
        `${name}: no world-countries entry (code ${code ?? '-'}, ISO ${iso ?? '-'}), skipped`,
      );
      continue;
    }
    // A commented-out block is read only for a country no active block covers (Bosnia, Slovenia, Kosovo,
    // Montenegro…); its forms then go through the audit like any other.
    if (isCommented && out.has(target)) continue;
    if (iso && iso !== target)
      countryInfoNotes.push(`${name}: ISO3166-alpha3 says ${iso}, placed under ${target} by its name/code`);
    if (!countryInfoNames.has(target)) countryInfoNames.set(target, name);
    for (const line of (/<Leaders>([\s\S]*?)<\/Leaders>/.exec(block)?.[1] ?? '').split('\n')) {
      const names = line
        .replace(/#.*$/, '')
        .replace(/\[[^\]]*\]/g, '')
        .trim();
      if (!names || names.startsWith('<')) continue;
      for (const n of names.match(/\{[^}]*\}/g) ?? [names])
        countryInfoLeaders.add(aliasKey(titleCase(n.replace(/[{}]/g, ''))));
    }
    const nat = /<Nationality>([\s\S]*?)<\/Nationality>/.exec(block)?.[1];
    if (!nat) continue;
    const forms = nat
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter((l) => /^[A-Z]/.test(l))
      .map((l) => titleCase(l));
    out.set(target, [...new Set([...(out.get(target) ?? []), ...forms])]);
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

/** One name a country entry claims, for the audit below. */
export interface CountryClaim {
  country: string;
  field: 'name' | 'alias' | 'demonym' | 'capital' | 'code';
  term: string;
}

/** A name two countries claim, or one country claims although it is another's name or derives from it. */
export interface CountryConflict {
  key: string;
  kind: 'shared' | 'foreign-name';
  claims: CountryClaim[];
}

const GENERIC =
  /^((the|of|and|republic|democratic|people|peoples|federal|federation|kingdom|state|states|islands?|union|commonwealth|principality|emirates?|arab|islamic|socialist|united)\s*)+$/;
const DEMONYM_TAIL = /^(n|an|ian|ean|ese|i|ish|ic|er|ien|ienne|ais|ois|ite|in|ine|ero|ena|eno|ean)?s?$/;

/**
 * Whether a name is a country's name or a form built on it: equal ("Myanmar"), a demonym on its stem
 * ("Myanmarese", "Serbian" from "Serbia"), or words of a longer official name ("Dominican" in "Dominican
 * Republic"). Stems shorter than four letters never count.
 */
export function derivesFrom(term: string, countryName: string): boolean {
  const k = aliasKey(term);
  const n = aliasKey(countryName);
  if (!k || !n) return false;
  if (k === n) return true;
  // "Serb" of "Serbia": the name less its last letters.
  if (k.length >= 4 && !n.includes(' ') && n.startsWith(k) && n.length - k.length <= 2) return true;
  // "Dominican" of "Dominican Republic", not "British" of "British Indian Ocean Territory".
  if (k.length >= 4 && n.startsWith(`${k} `) && GENERIC.test(n.slice(k.length + 1))) return true;
  const stem = n.replace(/[aeiouy]+$/, '');
  return (
    stem.length >= 4 && !stem.includes(' ') && k.startsWith(stem) && DEMONYM_TAIL.test(k.slice(stem.length))
  );
}

function claimsOf(c: DictionaryActor): CountryClaim[] {
  const iso = c.country ?? c.id.replace(/^country:/, '');
  return [
    { country: iso, field: 'name' as const, term: c.name },
    ...c.codes.map((term) => ({ country: iso, field: 'code' as const, term })),
    ...c.aliases.map((term) => ({ country: iso, field: 'alias' as const, term })),
    ...(c.demonyms ?? []).map((term) => ({ country: iso, field: 'demonym' as const, term })),
    ...(c.capitals ?? []).map((term) => ({ country: iso, field: 'capital' as const, term })),
  ];
}

/**
 * Every alias, demonym or capital claimed by two countries (`shared`: "Serbian" on Serbia and Montenegro),
 * and every alias or demonym of one country that is another country's name, or a form of it, and no form
 * of its own name (`foreign-name`: "Myanmar", "Myanmarese" on Mozambique). Keys are `aliasKey`s; codes
 * compare case-blind. Used by the build and by test/unit/actor-dictionary-audit.test.ts on the shipped file.
 */
export function auditCountries(countries: readonly DictionaryActor[]): CountryConflict[] {
  const list = countries.filter((c) => c.kind === 'country');
  const byKey = new Map<string, CountryClaim[]>();
  for (const c of list)
    for (const claim of claimsOf(c)) {
      const key = aliasKey(claim.term);
      if (!key) continue;
      const claims = byKey.get(key) ?? [];
      if (!claims.some((x) => x.country === claim.country && x.field === claim.field)) claims.push(claim);
      byKey.set(key, claims);
    }
  const out: CountryConflict[] = [];
  const seen = new Set<string>();
  for (const [key, claims] of byKey) {
    if (new Set(claims.map((c) => c.country)).size > 1) {
      out.push({ key, kind: 'shared', claims });
      seen.add(key);
    }
  }
  for (const c of list) {
    const iso = c.country ?? '';
    const own = [c.name, c.aliases[0] ?? c.name];
    for (const claim of claimsOf(c)) {
      if (claim.field !== 'alias' && claim.field !== 'demonym') continue;
      const key = aliasKey(claim.term);
      if (seen.has(`${iso}:${key}`) || seen.has(key)) continue;
      if (own.some((n) => derivesFrom(claim.term, n))) continue;
      const other = list.find((o) => o !== c && derivesFrom(claim.term, o.name));
      if (!other) continue;
      seen.add(`${iso}:${key}`);
      out.push({
        key,
        kind: 'foreign-name',
        claims: [claim, { country: other.country ?? '', field: 'name', term: other.name }],
      });
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** data/actors/country-overrides.tsv: contested name → the country it goes to, or "-" for none. */
function readOverrides(): Map<string, { iso: string; term: string; reason: string; used: boolean }> {
  const path = join(repo, 'data', 'actors', 'country-overrides.tsv');
  const out = new Map<string, { iso: string; term: string; reason: string; used: boolean }>();
  if (!existsSync(path)) return out;
  for (const [i, raw] of readFileSync(path, 'utf8').split('\n').entries()) {
    if (!raw.trim() || raw.startsWith('#')) continue;
    const [term, iso, reason] = raw.split('\t').map((x) => x.trim());
    if (!term || !iso || !/^([A-Z]{3}|-)$/.test(iso) || !reason)
      throw new Error(`${path}:${i + 1}: expected "name<TAB>ISO3 or -<TAB>reason"`);
    out.set(aliasKey(term), { iso, term, reason, used: false });
  }
  return out;
}

/**
 * Gives each contested country name to one country, by these rules in order: (1) the country whose name,
 * official name or code it is; (2) the one claimant whose name or official name it is a form of ("Serbian"
 * → Serbia); (3) the curated table data/actors/country-overrides.tsv; (4) the one sovereign claimant when
 * the others are territories ("American": the US, not the Northern Marianas). The name is then removed
 * from the other countries. A conflict no rule settles stops the build with the list.
 */
function resolveCountryConflicts(
  countries: DictionaryActor[],
  official: Map<string, string>,
  sovereign: Set<string>,
): string[] {
  const overrides = readOverrides();
  const log: string[] = [];
  const unresolved: string[] = [];
  const byIso = new Map(countries.map((c) => [c.country ?? '', c]));
  for (const conflict of auditCountries(countries)) {
    const claimants = [...new Set(conflict.claims.map((c) => c.country))];
    const term = conflict.claims[0]?.term ?? conflict.key;
    const isName = (iso: string): boolean => {
      const c = byIso.get(iso);
      return (
        !!c && [c.name, official.get(iso) ?? '', iso].some((n) => aliasKey(n) === conflict.key && n !== '')
      );
    };
    const formOf = (iso: string): boolean => {
      const c = byIso.get(iso);
      return !!c && [c.name, official.get(iso) ?? ''].some((n) => n !== '' && derivesFrom(term, n));
    };
    const byName = claimants.filter(isName);
    const byForm = claimants.filter(formOf);
    const override = overrides.get(conflict.key);
    const sovereigns = claimants.filter((c) => sovereign.has(c));
    let winner: string | null | undefined;
    let rule = '';
    if (byName.length === 1) [winner, rule] = [byName[0], 'its name'];
    else if (byForm.length === 1) [winner, rule] = [byForm[0], 'a form of its name'];
    else if (override) {
      override.used = true;
      [winner, rule] = [override.iso === '-' ? null : override.iso, `override: ${override.reason}`];
    } else if (sovereigns.length === 1) [winner, rule] = [sovereigns[0], 'the only sovereign claimant'];
    if (winner === undefined) {
      unresolved.push(`${term} (${conflict.claims.map((c) => `${c.country} ${c.field}`).join(', ')})`);
      continue;
    }
    const losers = claimants.filter((c) => c !== winner);
    for (const iso of losers) {
      const c = byIso.get(iso);
      if (!c) continue;
      const keep = (n: string): boolean => aliasKey(n) !== conflict.key;
      c.aliases = c.aliases.filter(keep);
      c.demonyms = (c.demonyms ?? []).filter(keep);
      c.capitals = (c.capitals ?? []).filter(keep);
    }
    log.push(`${term}: ${winner ?? 'nobody'} (${rule}); removed from ${losers.join(', ') || '-'}`);
  }
  if (unresolved.length > 0)
    throw new Error(
      `Country names claimed by two countries that no rule settles; add them to data/actors/country-overrides.tsv:\n  ${unresolved.join('\n  ')}`,
    );
  for (const o of overrides.values())
    if (!o.used) log.push(`warning: override "${o.term}" → ${o.iso} matched no conflict (stale?)`);
  return log;
}

function readCountries(): string[] {
  const world = require('world-countries') as WorldCountry[];
  const nationalities = countryInfoNationalities(world);
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
  const entries: DictionaryActor[] = [];
  for (const c of world) {
    // world-countries joins a two-part demonym with a comma ("Bosnian, Herzegovinian").
    const demonyms = [
      ...[c.demonyms?.eng?.m, c.demonyms?.eng?.f].flatMap((d) => (d ?? '').split(',').map((x) => x.trim())),
      ...(nationalities.get(c.cca3) ?? []),
    ].filter((x): x is string => !!x && x.length > 2);
    entries.push({
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
    });
  }
  const official = new Map(world.map((c) => [c.cca3, c.name.official]));
  const sovereign = new Set(world.filter((c) => c.independent).map((c) => c.cca3));
  const log = resolveCountryConflicts(entries, official, sovereign);
  for (const e of entries) put(e, 'world-countries');
  return log;
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

/** Three-letter CAMEO codes that are roles or actor types, never a country. */
const ROLE_PREFIXES = new Set([
  ...Object.keys(SECTORS),
  ...[
    'IGO',
    'NGO',
    'IMG',
    'MNC',
    'CVL',
    'HRI',
    'UAF',
    'INS',
    'RAD',
    'MOD',
    'IRC',
    'PTY',
    'REL',
    'CRM',
    'SET',
  ],
]);

function roleFromCode(code: string, comment: string): string {
  if (comment) return comment.toLowerCase();
  const sector = code.slice(3, 6);
  return SECTORS[sector] ?? 'official';
}

const ORG_WORDS =
  /\b(ministry|party|army|front|organi[sz]ation|council|bank|union|forces?|brigades?|movement|committee|association|agency|institute|company|group|league|authority|commission|court|parliament|assembly|government|police|guards?|office|service|corps|navy|militia|jihad|state|mission|network|society|coalition|alliance|battalion|regiment|division)\b/i;

/** PETRARCH actor blocks: a name line, "+synonym" lines, then "[CODE dates] # comment" lines. */
function readPetrarch(
  file: string,
  accept: (codes: string[], kind: ActorKind, names: string[]) => boolean,
  source: string,
): void {
  const lines = readText(join(actorsDir, file)).split('\n');
  let names: string[] = [];
  let codes: Array<{ code: string; from: string | null; to: string | null; comment: string }> = [];
  const flush = (): void => {
    if (names.length === 0 || codes.length === 0) {
      names = [];
      codes = [];
      return;
    }
    // A bare role code ("[ELI]" under Kofi Annan's IGOUNO) is a role of the entry's country: it takes that
    // country's prefix, and is dropped when the entry has none, so no actor carries "ELI" as a country.
    const home = codes.map((c) => c.code.slice(0, 3)).find((c) => !ROLE_PREFIXES.has(c));
    codes = codes.flatMap((c) =>
      !ROLE_PREFIXES.has(c.code.slice(0, 3)) || /^(IGO|NGO|IMG|MNC)/.test(c.code)
        ? [c]
        : home
          ? [{ ...c, code: `${home}${c.code}` }]
          : [],
    );
    const plain = codes.map((c) => c.code);
    const dated = codes.some((c) => c.from || c.to);
    const clean = names.map((n) => titleCase(n.replace(/\([^)]*\)/g, ' '))).filter((n) => n.length > 1);
    const main = clean[0];
    const isPerson = !!main && dated && !ORG_WORDS.test(main) && main.split(' ').length <= 5;
    const kind: ActorKind = isPerson
      ? 'person'
      : plain.some((c) => c.startsWith('IGO'))
        ? 'igo'
        : plain.some((c) => /REB|IMG|INS|UAF/.test(c))
          ? 'group'
          : 'organisation';
    // PETRARCH dates some states like office holders ("SERBIA", "BOSNIA_AND_HERZEGOVINA" with their
    // YUG… codes): an entry named like a country is that country, not a person.
    const countryNamed =
      kind === 'person' && clean.some((n) => owner.get(aliasKey(n))?.startsWith('country:') ?? false);
    if (main && !countryNamed && accept(plain, kind, clean) && !/^(the )?[a-z]/.test(main)) {
      const known = existing(kind, clean);
      if (known) {
        const extra = keepSynonyms(
          kind,
          known.id,
          clean.filter((n) => n !== known.name),
          known.name,
        );
        known.aliases = [...new Set([...known.aliases, ...extra])];
        if (!known.sources.includes(source)) known.sources.push(source);
        index(known);
      } else {
        const country =
          plain.map((c) => c.slice(0, 3)).find((c) => /^[A-Z]{3}$/.test(c) && !ROLE_PREFIXES.has(c)) ?? null;
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
              aliases: keepSynonyms(kind, id, clean.slice(1), main),
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
          comment: /CountryInfo|IGOrulers|kkl|MleH|CTA|ELH|BK/.test(comment) ? '' : comment,
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
/** The whole build; runs when the script is executed, not when a test imports `auditCountries`. */
function build(): void {
  if (!existsSync(join(actorsDir, 'Phoenix.Countries.actors.txt'))) {
    process.stderr.write(`Missing ${actorsDir}/Phoenix.Countries.actors.txt: pass --shared <dir>.\n`);
    process.exit(2);
  }
  readCurated();
  const countryLog = readCountries();
  const inRegion = (codes: string[]): boolean => codes.some((c) => REGION.includes(c.slice(0, 3)));
  readPetrarch(
    'Phoenix.Countries.actors.txt',
    // Region: office holders and agencies. Elsewhere the heads of state and government CountryInfo lists,
    // so "Laurent Gbagbo" links to CIVGOV instead of a discovered person with a bare GOV.
    (codes, kind, names) =>
      !codes.every((c) => /^[A-Z]{3}$/.test(c)) &&
      (inRegion(codes) || (kind === 'person' && names.some((n) => countryInfoLeaders.has(aliasKey(n))))),
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

  const agents = readAgents();
  writeFileSync(join(repo, 'data', 'actors', 'agents.tsv'), `${agents.join('\n')}\n`);
  process.stderr.write(`wrote data/actors/agents.tsv: ${agents.length} role phrases\n`);

  const out = join(repo, 'data', 'actors', 'actors.jsonl');
  const sorted = [...actors.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  writeFileSync(out, `${sorted.map((a) => JSON.stringify(a)).join('\n')}\n`);
  const byKind = new Map<string, number>();
  for (const a of sorted) byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1);
  const regional = sorted.filter(
    (a) => a.kind !== 'country' && a.country && REGION.includes(a.country),
  ).length;
  process.stderr.write(`wrote ${out}: ${sorted.length} actors (${regional} regional, non-country)\n`);
  process.stderr.write(`  by kind: ${[...byKind].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  process.stderr.write(`  by source: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  process.stderr.write(`  countries: ${countryLog.length} contested names settled\n`);
  for (const line of [...countryInfoNotes, ...countryLog]) process.stderr.write(`    ${line}\n`);
  const left = auditCountries(sorted);
  if (left.length > 0) {
    process.stderr.write(
      `Country conflicts left after the build:\n  ${left.map((c) => c.key).join('\n  ')}\n`,
    );
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) build();
