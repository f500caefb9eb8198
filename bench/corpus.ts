import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { escapeHtml } from '../src/store/search-query.js';

// Fixed benchmark input: real demo-corpus texts in a realistic news-page template (navigation, sidebar,
// related links, comments, scripts, JSON-LD), so extraction does the work it does on real sites.

export interface DemoRecord {
  title: string;
  text: string;
  publishedAt: string | null;
}

export function loadDemo(): DemoRecord[] {
  const path = join(packageRoot(), 'data', 'demo', 'articles.jsonl');
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DemoRecord)
    .filter((r) => r.text.length > 300);
}

/** Article i: paragraphs of two different demo texts, so every page is distinct and of realistic length. */
export function benchArticle(demo: DemoRecord[], i: number): { title: string; paragraphs: string[] } {
  const a = demo[i % demo.length]!;
  const b = demo[(i * 7 + 3) % demo.length]!;
  const paragraphs = [
    ...a.text.split(/\n{2,}/),
    ...b.text.split(/\n{2,}/).slice(0, 4),
    `Bench reference ${i}.`,
  ];
  return { title: `${a.title} (${i})`, paragraphs };
}

const NAV = Array.from({ length: 60 }, (_, k) => `<li><a href="/section/${k}">Section ${k}</a></li>`).join(
  '',
);
const FOOTER = Array.from(
  { length: 80 },
  (_, k) => `<li><a href="/about/${k}">Corporate link ${k}</a></li>`,
).join('');
const SCRIPT = `<script>window.dataLayer=window.dataLayer||[];${'function t(a){dataLayer.push(a)};t({e:"pv"});'.repeat(80)}</script>`;

export function benchPage(demo: DemoRecord[], i: number): string {
  const { title, paragraphs } = benchArticle(demo, i);
  const day = String((i % 28) + 1).padStart(2, '0');
  const related = Array.from(
    { length: 12 },
    (_, k) =>
      `<li><a href="/news/${(i + k + 1) % 5000}">${escapeHtml(demo[(i + k + 1) % demo.length]!.title)}</a></li>`,
  ).join('');
  const comments = Array.from(
    { length: 6 },
    (_, k) =>
      `<div class="comment"><b>reader${k}</b><p>Comment number ${k} on this story, with an opinion.</p></div>`,
  ).join('');
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: title,
    datePublished: `2021-03-${day}T09:30:00Z`,
    author: { '@type': 'Person', name: 'Staff Reporter' },
    publisher: { '@type': 'Organization', name: 'Bench Daily' },
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Bench Daily</title>
<meta property="og:site_name" content="Bench Daily"><meta property="article:published_time" content="2021-03-${day}T09:30:00Z">
<link rel="canonical" href="https://bench.example/news/${i}"><script type="application/ld+json">${jsonLd}</script>${SCRIPT}
<style>body{font-family:serif}.nav li{display:inline}</style></head>
<body><header><ul class="nav">${NAV}</ul><form><input name="q"></form></header>
<div class="ad">Advertisement</div>
<main><article><h1>${escapeHtml(title)}</h1><div class="byline">By Staff Reporter</div>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</article>
<aside><h3>Most read</h3><ul>${related}</ul></aside><section class="comments">${comments}</section></main>
<footer><ul>${FOOTER}</ul><p>© Bench Daily</p></footer>${SCRIPT}</body></html>`;
}
