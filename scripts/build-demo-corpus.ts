// Builds data/demo/articles.jsonl, the quick start's corpus, from the openly licensed texts in
// ../shared/data: TR-News and LGL (GPL-3.0) and the seed article, plus Arabic and Persian example articles
// written by the project (scripts/demo-examples/ar-fa.jsonl, labelled as examples in their title, site name
// and corpus). Same input → byte-identical output.
//   npx tsx scripts/build-demo-corpus.ts [path/to/shared/data]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data'));
const out = join(root, 'data', 'demo');

interface DemoRecord {
  id: string;
  url: string;
  title: string;
  text: string;
  publishedAt: string | null;
  retrievedAt: string | null;
  siteName: string | null;
  language: 'en' | 'ar' | 'fa';
  corpus: 'tr-news' | 'lgl' | 'seed' | 'example';
}

const clean = (s: unknown) => (typeof s === 'string' || typeof s === 'number' ? String(s).trim() : '');

function firstSentenceTitle(text: string): string {
  const first = text.split(/(?<=[.!?])\s+/)[0] ?? text;
  if (first.length <= 100) return first.replace(/[.!?]$/, '');
  return `${first.slice(0, 100).replace(/\s+\S*$/, '')}…`;
}

function readCorpus(file: string, corpus: 'tr-news' | 'lgl'): DemoRecord[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    isArray: (n) => n === 'article',
  });
  const doc = parser.parse(readFileSync(file, 'utf8')) as {
    articles: { article: Array<Record<string, unknown>> };
  };
  return doc.articles.article.map((a) => {
    const text = clean(a.text)
      .split(/\n+/)
      .map((p) => p.trim())
      .filter(Boolean)
      .join('\n\n');
    const id = clean(a.docid);
    const url = clean(a.url);
    const retrieved = clean(a.dltime).slice(0, 10);
    return {
      id: `${corpus}-${id}`,
      url: /^https?:\/\//.test(url) ? url : `https://demo.watchfloor.invalid/${corpus}/${id}`,
      title: clean(a.title).replace(/\s+/g, ' ') || firstSentenceTitle(text),
      text,
      // The corpora record when an article was downloaded, not when it was published: no date is invented.
      publishedAt: null,
      retrievedAt: /^\d{4}-\d{2}-\d{2}$/.test(retrieved) ? retrieved : null,
      siteName: clean(a.domain).replace(/^www\./, '') || null,
      language: 'en' as const,
      corpus,
    };
  });
}

const seedText = readFileSync(join(shared, 'seed', 'iran-syria-air-defence-2020-07-08.txt'), 'utf8');
const seedParas = seedText
  .split(/\n\s*\n/)
  .map((p) => p.trim())
  .filter(Boolean);
const seed: DemoRecord = {
  id: 'seed-iran-syria-2020-07-08',
  url: 'https://demo.watchfloor.invalid/seed/iran-syria-air-defence-2020-07-08',
  title: 'Iran to strengthen Syria’s air defense under military agreement',
  // Drop the standalone date line and the outlet's "About …" footer; the caption stays, as published.
  text: seedParas
    .filter((p) => !/^July 8, 2020$/.test(p))
    .slice(0, seedParas.findIndex((p) => /^About /.test(p)) - 1)
    .join('\n\n'),
  publishedAt: '2020-07-08',
  retrievedAt: null,
  siteName: 'Track Persia',
  language: 'en',
  corpus: 'seed',
};

// Arabic and Persian news-style articles the project wrote so a new user sees those languages in search and
// on the map (issue 20). Not real reporting: the title says "مثال"/"نمونه" (example), the site name and the
// corpus say so too.
interface ExampleLine {
  id: string;
  language: 'ar' | 'fa';
  publishedAt: string;
  title: string;
  text: string;
}
const examples: DemoRecord[] = readFileSync(join(root, 'scripts', 'demo-examples', 'ar-fa.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as ExampleLine)
  .map((e) => ({
    id: e.id,
    url: `https://demo.watchfloor.invalid/examples/${e.id}`,
    title: e.title,
    text: e.text,
    publishedAt: e.publishedAt,
    retrievedAt: null,
    siteName: 'Watchfloor example (written by the project)',
    language: e.language,
    corpus: 'example',
  }));

const records = [
  seed,
  ...examples,
  ...readCorpus(join(shared, 'geoparsing', 'tr-news.xml'), 'tr-news'),
  ...readCorpus(join(shared, 'geoparsing', 'lgl.xml'), 'lgl'),
]
  .filter((r) => r.text.length > 0)
  .sort((a, b) =>
    a.corpus === b.corpus
      ? a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0
      : a.corpus === 'seed'
        ? -1
        : b.corpus === 'seed'
          ? 1
          : a.corpus < b.corpus
            ? -1
            : 1,
  );

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'articles.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
writeFileSync(
  join(out, 'LICENSE-GPL-3.0.txt'),
  readFileSync(join(shared, 'geoparsing', 'LICENSE-GPL-3.0.txt')),
);
const counts = records.reduce<Record<string, number>>(
  (m, r) => ((m[r.corpus] = (m[r.corpus] ?? 0) + 1), m),
  {},
);
process.stdout.write(
  `wrote ${records.length} records to ${join(out, 'articles.jsonl')}: ${JSON.stringify(counts)}\n`,
);
