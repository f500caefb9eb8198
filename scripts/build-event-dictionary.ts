import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type {
  CameoEntry,
  EventDictionaryFile,
  VerbSection,
} from '../src/understand/events/dictionary-file.js';

// `npm run build:events`: the event coder's dictionary (data/events/verbs.json) from the PETRARCH2 / Phoenix
// CAMEO verb dictionary, and the CAMEO → PLOVER table (data/events/cameo-plover.json) from the PLOVER
// project's CAMEO2PLOVER-2021.txt, both in ../shared/data. Sources: data/events/SOURCES.md.

const repo = resolve(dirname(new URL(import.meta.url).pathname), '..');
const argAt = process.argv.indexOf('--shared');
const shared = resolve(argAt >= 0 ? (process.argv[argAt + 1] ?? '') : join(repo, '..', 'shared', 'data'));
const verbsPath = join(shared, 'actors', 'CAMEO.2.0.txt');
const ploverPath = join(shared, 'events', 'CAMEO2PLOVER-2021.txt');
for (const p of [verbsPath, ploverPath]) {
  if (!existsSync(p)) {
    process.stderr.write(`Missing ${p}: pass --shared <dir> (the ../shared/data folder).\n`);
    process.exit(2);
  }
}

const strip = (l: string): string => l.replace(/#.*$/, '').trim();
/** "[042:043]" → "042"; "[---]" → null. The second code is PETRARCH's passive/target variant, not used. */
const codeOf = (l: string): string | null | undefined => {
  const m = /\[([^\]]*)\]/.exec(l);
  if (!m) return undefined;
  const c = (m[1] ?? '').split(':')[0]?.trim() ?? '';
  return /^\d{2,4}$/.test(c) ? c : null;
};
const word = (w: string): string => w.replace(/^\+/, '').replace(/_/g, ' ').toLowerCase();

/** Regular inflections PETRARCH generates for a verb without listed forms. */
function inflect(lemma: string): string[] {
  const [head = '', ...rest] = lemma.split(' ');
  const tail = rest.length ? ` ${rest.join(' ')}` : '';
  const forms = new Set([head]);
  const cons = /[^aeiou]y$/.test(head);
  forms.add(cons ? `${head.slice(0, -1)}ies` : /(s|sh|ch|x|z|o)$/.test(head) ? `${head}es` : `${head}s`);
  forms.add(cons ? `${head.slice(0, -1)}ied` : head.endsWith('e') ? `${head}d` : `${head}ed`);
  forms.add(
    head.endsWith('ie')
      ? `${head.slice(0, -2)}ying`
      : /[^e]e$/.test(head)
        ? `${head.slice(0, -1)}ing`
        : `${head}ing`,
  );
  // Doubled final consonant (stop → stopped), which PETRARCH also accepts.
  if (/[^aeiou][aeiou][bdgkmnprt]$/.test(head)) {
    forms.add(`${head}${head.slice(-1)}ed`);
    forms.add(`${head}${head.slice(-1)}ing`);
  }
  return [...forms].map((f) => f + tail);
}

/** One side of a pattern: units of consecutive tokens; "{A B}" is one unit, markers are dropped. */
function side(text: string): string[][] {
  const units: string[][] = [];
  const re = /\{([^}]*)\}|(\S+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) {
      const toks = m[1].split(/\s+/).filter(Boolean).map(tok);
      if (toks.length) units.push(toks);
    } else {
      const t = tok(m[2] ?? '');
      if (t) units.push([t]);
    }
  }
  return units;
}
function tok(raw: string): string {
  const t = raw.replace(/[()]/g, '');
  if (!t || t === '^' || t === '$' || t === '+' || t === '%' || t === '|') return '';
  if (t.startsWith('&')) return t;
  return word(t.replace(/^[$+%]/, ''));
}

const synsets: Record<string, string[]> = {};
const sections: VerbSection[] = [];

/**
 * Reads a dictionary in the PETRARCH verb format into `synsets` and `sections`. A section or synonym set that
 * already exists is extended, so the project's supplement adds to PETRARCH's entries.
 */
function readDictionary(lines: readonly string[]): void {
  let mode: 'none' | 'synsets' | 'verbs' = 'none';
  let currentSet: string | null = null;
  let section: VerbSection | null = null;
  for (const raw of lines) {
    if (raw.startsWith('####### SYNONYM SETS')) {
      mode = 'synsets';
      continue;
    }
    if (raw.startsWith('####### VERB PATTERNS')) {
      mode = 'verbs';
      continue;
    }
    if (raw.startsWith('######## TRANSFORMATIONS')) break;
    const l = strip(raw);
    if (!l) continue;
    if (mode === 'synsets') {
      if (l.startsWith('&')) {
        currentSet = l.split(/\s+/)[0] ?? null;
        if (currentSet) synsets[currentSet] ??= [];
      } else if (currentSet && l.startsWith('+')) {
        synsets[currentSet]?.push(word(l.split(/\s+/)[0] ?? ''));
      }
      continue;
    }
    if (mode !== 'verbs') continue;
    const header = /^---\s+(\S+)\s+\[([^\]]*)\]\s+---/.exec(raw);
    if (header) {
      const name = header[1] ?? '';
      section = sections.find((x) => x.name === name) ?? null;
      if (!section) {
        section = { name, code: codeOf(raw) ?? null, verbs: [], patterns: [] };
        sections.push(section);
      }
      continue;
    }
    if (!section) continue;
    if (l.startsWith('- ')) {
      const code = codeOf(l);
      const body = l.slice(2).replace(/\[[^\]]*\].*$/, '');
      const star = body.indexOf('*');
      if (star < 0 || code === undefined) continue;
      section.patterns.push({ pre: side(body.slice(0, star)), post: side(body.slice(star + 1)), code });
      continue;
    }
    if (/^[A-Z+]/.test(l)) {
      const lemma = word(l.split(/\s+/)[0] ?? '');
      const listed = /\{([^}]*)\}/.exec(l)?.[1];
      const forms = new Set([
        ...inflect(lemma),
        ...(listed
          ? listed
              .split(/[\s,]+/)
              .filter(Boolean)
              .map(word)
          : []),
      ]);
      const code = codeOf(l.replace(/\{[^}]*\}/, ''));
      section.verbs.push({ lemma, code: code === undefined ? section.code : code, forms: [...forms].sort() });
    }
  }
}
readDictionary(readFileSync(verbsPath, 'latin1').split(/\r?\n/));
readDictionary(readFileSync(join(repo, 'data', 'events', 'supplement.txt'), 'utf8').split(/\r?\n/));

// CAMEO → PLOVER: "0312: AGREE,  ,   military # Express intent to cooperate militarily".
const cameo: Record<string, CameoEntry> = {};
for (const l of readFileSync(ploverPath, 'utf8').split(/\r?\n/)) {
  const m = /^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)#\s*(.*)$/.exec(l);
  if (!m) continue;
  cameo[m[1] ?? ''] = {
    type: m[2] ?? '',
    mode: (m[3] ?? '').trim() || null,
    context: (m[4] ?? '').trim().replace(/\s*;\s*/g, ';') || null,
    description: (m[5] ?? '').trim(),
  };
}

const file: EventDictionaryFile = { synsets, sections };
writeFileSync(join(repo, 'data', 'events', 'verbs.json'), `${JSON.stringify(file)}\n`);
writeFileSync(join(repo, 'data', 'events', 'cameo-plover.json'), `${JSON.stringify(cameo, null, 1)}\n`);
process.stdout.write(
  `Wrote data/events: ${sections.length} verb sections, ${sections.reduce((n, s) => n + s.verbs.length, 0)} verbs, ` +
    `${sections.reduce((n, s) => n + s.patterns.length, 0)} patterns, ${Object.keys(synsets).length} synonym sets, ` +
    `${Object.keys(cameo).length} CAMEO codes mapped to PLOVER\n`,
);
