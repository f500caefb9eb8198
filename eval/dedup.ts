import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NEAR_DUPLICATE_THRESHOLD, estimateSimilarity, fingerprint } from '../src/collect/dedup.js';
import { packageRoot } from '../src/config/config.js';

// Near-duplicate grouping measured on SYNTHETIC wire rewrites of the demo corpus (not a gold set): each
// sampled article is rewritten the way outlets rewrite agency copy, and we count how often the rewrite is
// found (same LSH band and similarity ≥ threshold) and how often distinct articles are wrongly merged.

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYNONYMS: Record<string, string> = {
  said: 'stated',
  told: 'informed',
  killed: 'left dead',
  attack: 'assault',
  government: 'authorities',
  officials: 'authorities',
  people: 'persons',
  police: 'security forces',
  city: 'town',
  announced: 'declared',
};

function rewrite(text: string, rand: () => number): string {
  let paras = text.split(/\n{2,}/);
  if (paras.length > 3) paras.splice(1 + Math.floor(rand() * (paras.length - 2)), 1); // drop a paragraph
  paras = paras.map((p) =>
    p.replace(/\b(said|told|killed|attack|government|officials|people|police|city|announced)\b/g, (w) =>
      rand() < 0.5 ? SYNONYMS[w]! : w,
    ),
  );
  paras.unshift('(Wire) Updated with new details throughout. Our correspondent contributed to this report.');
  paras.push('Follow our live coverage for the latest developments. Copyright 2026, all rights reserved.');
  return paras.join('\n\n');
}

export async function runDedupEval(): Promise<Record<string, number>> {
  const lines = readFileSync(join(packageRoot(), 'data', 'demo', 'articles.jsonl'), 'utf8')
    .trim()
    .split('\n');
  const texts = lines
    .map((l) => (JSON.parse(l) as { text: string }).text)
    .filter((t) => t.split(/\s+/).length >= 150);
  const rand = prng(7);
  const t0 = performance.now();
  const originals = texts.map((t) => fingerprint(t));
  const fpMs = performance.now() - t0;

  let found = 0;
  const rewrites = Math.min(texts.length, 300);
  for (let i = 0; i < rewrites; i++) {
    const fp = fingerprint(rewrite(texts[i]!, rand));
    const shares = fp.bands.some((b) => originals[i]!.bands.includes(b));
    if (shares && estimateSimilarity(fp.minhash, originals[i]!.minhash) >= NEAR_DUPLICATE_THRESHOLD) found++;
  }
  let pairs = 0;
  let merged = 0;
  for (let i = 0; i < originals.length; i++) {
    const bands = new Set(originals[i]!.bands);
    for (let j = i + 1; j < originals.length; j++) {
      pairs++;
      if (!originals[j]!.bands.some((b) => bands.has(b))) continue;
      if (estimateSimilarity(originals[i]!.minhash, originals[j]!.minhash) >= NEAR_DUPLICATE_THRESHOLD)
        merged++;
    }
  }
  const figures = {
    articles: texts.length,
    rewrites,
    rewriteRecall: found / rewrites,
    distinctPairs: pairs,
    falseMerges: merged,
    falseMergeRate: merged / pairs,
    threshold: NEAR_DUPLICATE_THRESHOLD,
    fingerprintsPerSecond: texts.length / (fpMs / 1000),
  };
  return figures;
}
