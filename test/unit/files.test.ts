import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { listFiles, readLocalFile, type LocalRecord } from '../../src/collect/files.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt');
const ok = (r: LocalRecord | undefined) => {
  if (!r?.ok) throw new Error(`expected an article, got ${r ? r.error.message : 'nothing'}`);
  return r.article;
};

describe('readLocalFile', () => {
  it('reads a plain-text article like the seed: date line, title, footer', async () => {
    const records = await readLocalFile(SEED);
    expect(records).toHaveLength(1);
    const a = ok(records[0]);
    expect(a.publishedAt).toBe('2020-07-08T00:00:00.000Z');
    expect(a.publishedAtSource).toBe('dateline');
    expect(a.text).toContain('air defense');
    expect(a.text).not.toMatch(/^July 8, 2020$/m);
    expect(a.text).not.toContain('About Track Persia');
    expect(a.siteName).toBe('Track Persia');
    expect(a.title).toBeTruthy();
    expect(a.language).toBe('en');
    expect(a.url).toMatch(/^file:\/\//);
  });

  it('takes a headline from the first line, and a date from the file name when the text has none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-files-'));
    const p = join(dir, 'gaza-truce-2021-05-21.txt');
    writeFileSync(
      p,
      'Gaza truce holds\n\nThe ceasefire between Israel and Hamas held through the night, residents said.\n',
    );
    const a = ok((await readLocalFile(p))[0]);
    expect(a.title).toBe('Gaza truce holds');
    expect(a.publishedAt).toBe('2021-05-21T00:00:00.000Z');
    expect(a.publishedAtSource).toBe('file');
  });

  it('decodes a windows-1256 Arabic text file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-files-'));
    const text = 'قالت وزارة الدفاع السورية إن الاتفاق العسكري مع إيران يعزز الدفاع الجوي في دمشق.';
    writeFileSync(join(dir, 'ar.txt'), iconv.encode(`${text}\n\n${text}`, 'windows-1256'));
    const a = ok((await readLocalFile(join(dir, 'ar.txt')))[0]);
    expect(a.text).toContain(text);
    expect(a.language).toBe('ar');
  });

  it('reads JSON lines record by record, keeping good records past a bad line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-files-'));
    const p = join(dir, 'wire.jsonl');
    const rec = (i: number) =>
      JSON.stringify({
        url: `https://wire.example/${i}`,
        title: `Story ${i}`,
        text: `Text of story ${i}, long enough to count as an article body.`,
        published_at: '2020-07-08',
      });
    writeFileSync(p, `${rec(1)}\n{"broken\n\n${rec(2)}\n${JSON.stringify({ title: 'no text' })}\n[1,2]\n`);
    const records = await readLocalFile(p);
    expect(records.map((r) => [r.key.replace(dir, ''), r.ok])).toEqual([
      ['/wire.jsonl#L1', true],
      ['/wire.jsonl#L2', false],
      ['/wire.jsonl#L4', true],
      ['/wire.jsonl#L5', false],
      ['/wire.jsonl#L6', false],
    ]);
    expect(ok(records[2])).toMatchObject({
      url: 'https://wire.example/2',
      title: 'Story 2',
      publishedAt: '2020-07-08T00:00:00.000Z',
    });
    expect(records.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual([
      'json.malformed',
      'json.malformed',
      'json.malformed',
    ]);
  });

  it('reads a JSON array and HTML inside JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-files-'));
    const html =
      '<html><body><article><p>Officials in Baghdad announced the new cabinet on Tuesday after months of negotiation between the main blocs.</p></article></body></html>';
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify([
        { html, url: 'https://iq.example/cabinet', title: 'Cabinet named' },
        { nothing: true },
      ]),
    );
    const records = await readLocalFile(join(dir, 'a.json'));
    expect(ok(records[0])).toMatchObject({ title: 'Cabinet named', url: 'https://iq.example/cabinet' });
    expect(records[1]!.ok).toBe(false);
  });

  it.each([
    ['empty.txt', Buffer.alloc(0), 'content.empty'],
    ['img.html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'content.binary'],
    ['doc.pdf', Buffer.from('%PDF-1.4'), 'file.unsupported'],
    ['nav.html', Buffer.from('<html><body><nav>Home</nav></body></html>'), 'article.no_content'],
    ['bad.json', Buffer.from('{nope'), 'json.malformed'],
  ])('turns %s into a %s error record', async (name, body, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-files-'));
    writeFileSync(join(dir, name), body);
    const [r] = await readLocalFile(join(dir, name));
    expect(r!.ok ? 'ok' : r!.error.code).toBe(code);
  });

  it('reports a missing file as unreadable', async () => {
    const [r] = await readLocalFile('/definitely/not/here.txt');
    expect(r!.ok ? 'ok' : r!.error.code).toBe('file.unreadable');
  });
});

describe('listFiles', () => {
  it('walks folders in sorted order, skipping hidden entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-list-'));
    mkdirSync(join(dir, 'b'));
    mkdirSync(join(dir, '.git'));
    for (const f of ['b/2.txt', 'a.txt', '.hidden.txt', '.git/x', 'c.html']) writeFileSync(join(dir, f), 'x');
    const out: string[] = [];
    for await (const f of listFiles(dir)) out.push(f.replace(dir, ''));
    expect(out).toEqual(['/a.txt', '/b/2.txt', '/c.html']);
  });
});
