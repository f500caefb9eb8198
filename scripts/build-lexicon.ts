import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

// `npm run build:lexicon`: the list of ordinary lower-case English words the entity tagger consults to
// tell "Turkey" the country from "Shares" at the start of a sentence. Source: the npm package
// an-array-of-english-words (MIT), a Scrabble-style list, so it holds no proper nouns.

const require = createRequire(import.meta.url);
const words = require('an-array-of-english-words') as string[];
const repo = resolve(dirname(new URL(import.meta.url).pathname), '..');
const out = join(repo, 'data', 'lexicon', 'common-words.txt.gz');
const kept = [...new Set(words.filter((w) => w.length >= 2 && /^[a-z'-]+$/.test(w)))].sort();
mkdirSync(dirname(out), { recursive: true });
// gzipSync writes no timestamp, so the same list gives the same bytes.
writeFileSync(out, gzipSync(`${kept.join('\n')}\n`, { level: 9 }));
process.stderr.write(`wrote ${out}: ${kept.length} words\n`);
