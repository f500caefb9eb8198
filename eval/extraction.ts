import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '../src/collect/article.js';
import { decodeBody } from '../src/collect/charset.js';
import { packageRoot } from '../src/config/config.js';
import type { SuiteOutput } from './harness.js';

// Main-text extraction on trafilatura's benchmark (../shared/data/extraction/: 884 pages with gold
// `with` / `without` segments). Per page, each `with` string found in the extracted text is a true
// positive, each one missing a false negative; each `without` string present is a false positive, each
// one absent a true negative. Text and segments are compared with whitespace collapsed, as trafilatura's
// scorer does. Tuning uses only the pages whose file name sorts in the first half ("tune"); "report" is
// the second half, "all" both. Speed is CPU time of extractArticle alone (decompression and decoding
// excluded), after one warm-up pass over 20 pages.

interface GoldEntry {
  file: string;
  with: string[];
  without: string[];
}

export interface ExtractionPage {
  url: string;
  file: string;
  html: string;
  with: string[];
  without: string[];
}

export function extractionDataDir(): string {
  return join(packageRoot(), '..', 'shared', 'data', 'extraction');
}

/** The benchmark pages that have their HTML, sorted by file name, decoded to strings. */
export function loadExtractionPages(dir = extractionDataDir()): ExtractionPage[] {
  const gold = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8')) as Record<string, GoldEntry>;
  const pages: ExtractionPage[] = [];
  for (const [url, entry] of Object.entries(gold)) {
    const path = join(dir, 'html', `${entry.file}.gz`);
    if (!existsSync(path)) continue;
    const { text } = decodeBody(gunzipSync(readFileSync(path)), null, 'html');
    pages.push({ url, file: entry.file, html: text, with: entry.with, without: entry.without });
  }
  pages.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return pages;
}

/** First half by file name (tuning) and second half (report). */
export function splitHalves(pages: ExtractionPage[]): { tune: ExtractionPage[]; report: ExtractionPage[] } {
  const mid = Math.ceil(pages.length / 2);
  return { tune: pages.slice(0, mid), report: pages.slice(mid) };
}

export interface SegmentCounts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** One page's segment counts; a page with no result counts every `with` missed, every `without` absent. */
export function scorePage(
  text: string | null,
  page: Pick<ExtractionPage, 'with' | 'without'>,
): SegmentCounts {
  const c: SegmentCounts = { tp: 0, fn: 0, fp: 0, tn: 0 };
  const t = text === null ? null : squash(text);
  for (const s of page.with) {
    if (t !== null && t.includes(squash(s))) c.tp++;
    else c.fn++;
  }
  for (const s of page.without) {
    if (t !== null && t.includes(squash(s))) c.fp++;
    else c.tn++;
  }
  return c;
}

export function segmentMetrics(c: SegmentCounts): Record<string, number> {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const total = c.tp + c.fn + c.fp + c.tn;
  return { precision, recall, f1, accuracy: total > 0 ? (c.tp + c.tn) / total : 0 };
}

export interface PageOutcome {
  page: ExtractionPage;
  text: string | null;
  counts: SegmentCounts;
  cpuMs: number;
}

/** Extracts every page (failures give no text) and scores it. */
export function extractAndScore(
  pages: ExtractionPage[],
  extract: (html: string, url: string) => string = (html, url) => extractArticle(html, url).text,
): PageOutcome[] {
  for (const p of pages.slice(0, 20)) {
    try {
      extract(p.html, p.url);
    } catch {
      // warm-up only
    }
  }
  return pages.map((page) => {
    const c0 = process.cpuUsage();
    let text: string | null;
    try {
      text = extract(page.html, page.url);
    } catch {
      text = null;
    }
    const c = process.cpuUsage(c0);
    return { page, text, counts: scorePage(text, page), cpuMs: (c.user + c.system) / 1000 };
  });
}

function summarise(outcomes: PageOutcome[]): Record<string, number> {
  const sum: SegmentCounts = { tp: 0, fn: 0, fp: 0, tn: 0 };
  let cpuMs = 0;
  let failed = 0;
  let kb = 0;
  for (const o of outcomes) {
    sum.tp += o.counts.tp;
    sum.fn += o.counts.fn;
    sum.fp += o.counts.fp;
    sum.tn += o.counts.tn;
    cpuMs += o.cpuMs;
    if (o.text === null) failed++;
    kb += o.page.html.length / 1024;
  }
  return {
    ...segmentMetrics(sum),
    nPages: outcomes.length,
    nFailedPages: failed,
    nSegments: sum.tp + sum.fn + sum.fp + sum.tn,
    meanPageKb: outcomes.length > 0 ? kb / outcomes.length : 0,
    pagesPerCpuSecond: cpuMs > 0 ? outcomes.length / (cpuMs / 1000) : 0,
  };
}

export async function runExtractionEval(): Promise<SuiteOutput> {
  const pages = loadExtractionPages();
  const { tune } = splitHalves(pages);
  const t0 = performance.now();
  const outcomes = extractAndScore(pages);
  const seconds = (performance.now() - t0) / 1000;
  const tuneSet = new Set(tune.map((p) => p.file));
  const all = summarise(outcomes);
  all.pagesPerSecond = outcomes.length / seconds;
  if (process.argv.includes('--misses')) {
    for (const o of outcomes.filter((x) => tuneSet.has(x.page.file))) {
      const t = o.text === null ? null : squash(o.text);
      for (const s of o.page.without)
        if (t?.includes(squash(s))) process.stderr.write(`FP ${o.page.file}: ${s}\n`);
      for (const s of o.page.with)
        if (!t?.includes(squash(s))) process.stderr.write(`FN ${o.page.file}: ${s}\n`);
    }
  }
  return {
    stage: 'extraction',
    datasets: {
      'trafilatura-eval': all,
      'trafilatura-eval-tune': summarise(outcomes.filter((o) => tuneSet.has(o.page.file))),
      'trafilatura-eval-report': summarise(outcomes.filter((o) => !tuneSet.has(o.page.file))),
    },
    anchors: {
      'trafilatura 2.2.0 (its docs, all pages)': { precision: 0.906, recall: 0.943, f1: 0.924 },
      'readability-lxml (its docs)': { f1: 0.826 },
      'newspaper4k (its docs)': { f1: 0.801 },
    },
  };
}
