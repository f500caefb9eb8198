import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { toArticleInput } from '../src/jobs/article-input.js';
import { parseQuery } from '../src/store/query/parse.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { createAnalyzer } from '../src/understand/pipeline.js';
import { loadResources } from '../src/understand/resources.js';
import type { Analysis } from '../src/understand/types.js';
import { loadDemo } from './corpus.js';
import { median, quantile, round } from './stats.js';

// `npm run bench -- soak [--articles N] [--requests R] [--server-heap-mb M]`: a bounded load and soak of `watchfloor serve` as a
// user runs it (its own process, no-account mode on loopback). 8 clients send R requests in all: searches of
// ever-new structure (the shapes that once grew the server's statement caches without bound), article,
// event and actor reads, and writes (a watchlist saved and deleted). The server's resident memory is read
// from /proc every tenth of the run; the report says whether it levels off (the last half of the run grows
// it by less than a tenth of what the first half did, or by under 32 MB).

const CLIENTS = 8;
const SAMPLES = 10;

function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024, 1) : NaN;
}

async function waitForServer(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode} before answering`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`serve did not answer ${url}/healthz within 60 s`);
}

/** A search query whose structure (not only its words) differs from call to call. */
function queryShapes(rand: () => number, words: string[]) {
  const w = () => words[Math.floor(rand() * words.length)]!;
  const fields = [
    'type:ASSAULT',
    'type:CONSULT',
    'actor:IRN',
    'actor:SYR',
    'country:IR',
    'source:site3.example',
    'lang:en',
    'from:2019-06-01',
  ];
  const term = (): string => {
    const r = rand();
    if (r < 0.5) return w();
    if (r < 0.65) return `"${w()} ${w()}"`;
    if (r < 0.8) return fields[Math.floor(rand() * fields.length)]!;
    if (r < 0.9) return `-${w()}`;
    return `${w().slice(0, 4)}*`;
  };
  const group = (depth: number): string => {
    const n = 1 + Math.floor(rand() * 4);
    const parts = Array.from({ length: n }, () =>
      depth < 2 && rand() < 0.25 ? `(${group(depth + 1)})` : term(),
    );
    return parts.reduce((acc, p) => `${acc} ${rand() < 0.4 ? 'OR ' : ''}${p}`);
  };
  // A query whose every term is negated, at any depth ("(-x)", "-a OR (-b)"), has nothing to search for
  // and is refused: anchored with a word, as the parser itself decides, so every search is a valid one.
  const valid = (q: string) => {
    try {
      parseQuery(q);
      return true;
    } catch {
      return false;
    }
  };
  return () => {
    const q = group(0);
    return valid(q) ? q : `${w()} ${q}`;
  };
}

export async function benchSoak(opts: {
  articles: number;
  requests: number;
  /**
   * The server's V8 old-space cap (--max-old-space-size), 0 for Node's default. With the default the main
   * heap grows to what V8 allows before collecting (heapUsed 64-214 MB over a 12k run, 65-72 MB live after
   * a full GC); a cap shows that growth is headroom, not retention.
   */
  serverHeapMb?: number;
}) {
  const demo = loadDemo();
  const analyzer = createAnalyzer(loadResources(packageRoot()));
  const analyses: Analysis[] = demo.map((d) => analyzer.analyze({ text: d.text, language: 'en' }));
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-soak-'));
  const store = SqliteStore.open(dir);
  for (let i = 0; i < opts.articles; i++) {
    const k = i % demo.length;
    const d = demo[k]!;
    const input = toArticleInput(
      {
        url: `https://bench.example/soak/${i}`,
        canonicalUrl: null,
        title: `${d.title} (${i})`,
        byline: null,
        siteName: `site${i % 40}.example`,
        language: 'en',
        publishedAt: new Date(Date.UTC(2019, 0, 1) + (i % 1800) * 86_400_000).toISOString(),
        publishedAtSource: 'meta',
        text: `Bulletin ${i}.\n\n${d.text}`,
        excerpt: null,
      },
      'bench',
    );
    input.analysis = analyses[k];
    await store.saveArticle(input);
  }
  await store.close();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('WATCHFLOOR_') && v) env[k] = v;
  const heap = opts.serverHeapMb ? [`--max-old-space-size=${opts.serverHeapMb}`] : [];
  const child = spawn(process.execPath, [...heap, cli, 'serve', '--data', dir, '--port', String(port)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let serverLog = '';
  child.stderr!.on('data', (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-4000)));
  try {
    await waitForServer(child, url);
    const session = (await (await fetch(`${url}/api/session`)).json()) as { csrf: string | null };
    const writeHeaders = {
      'content-type': 'application/json',
      'x-csrf-token': session.csrf ?? '',
      origin: url,
    };
    const rand = prng(11);
    const words = [...new Set(demo.flatMap((d) => d.text.toLowerCase().match(/\p{L}{5,}/gu) ?? []))].filter(
      (_, i) => i % 7 === 0,
    );
    const nextQuery = queryShapes(rand, words);
    const actorIds = [...new Set(analyses.flatMap((a) => a.actors.map((x) => x.actorId)))];

    type Kind = 'search' | 'article' | 'events' | 'actor' | 'write';
    const plan: Kind[] = Array.from({ length: opts.requests }, () => {
      const r = rand();
      return r < 0.6 ? 'search' : r < 0.72 ? 'article' : r < 0.84 ? 'events' : r < 0.94 ? 'actor' : 'write';
    });
    const queries = plan.map((k) => (k === 'search' || k === 'write' ? nextQuery() : ''));
    const ms: Record<Kind, number[]> = { search: [], article: [], events: [], actor: [], write: [] };
    const statuses: Record<string, number> = {};
    const rss: { requests: number; rssMb: number }[] = [{ requests: 0, rssMb: rssMb(child.pid!) }];
    const sampleErrors: string[] = [];
    let cursor = 0;
    let done = 0;
    const send = async (kind: Kind, q: string): Promise<number> => {
      if (kind === 'search') {
        const res = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`);
        if (res.status !== 200 && sampleErrors.length < 5)
          sampleErrors.push(`${res.status} ${q}: ${await res.text()}`);
        return res.status;
      }
      if (kind === 'article')
        return (await fetch(`${url}/api/articles/${1 + Math.floor(rand() * opts.articles)}`)).status;
      if (kind === 'events') return (await fetch(`${url}/api/events?limit=50`)).status;
      if (kind === 'actor') {
        const id = actorIds[Math.floor(rand() * actorIds.length)]!;
        return (await fetch(`${url}/api/actors/${encodeURIComponent(id)}`)).status;
      }
      const res = await fetch(`${url}/api/watchlists`, {
        method: 'POST',
        headers: writeHeaders,
        body: JSON.stringify({ name: `soak ${done}`, query: q }),
      });
      if (res.status !== 201) return res.status;
      const { watchlist } = (await res.json()) as { watchlist: { id: number } };
      return (
        await fetch(`${url}/api/watchlists/${watchlist.id}`, { method: 'DELETE', headers: writeHeaders })
      ).status;
    };
    const client = async () => {
      while (cursor < plan.length) {
        const i = cursor++;
        const kind = plan[i]!;
        const s = performance.now();
        let status: number | string;
        try {
          status = await send(kind, queries[i]!);
        } catch (err) {
          status = `network:${(err as Error).message}`;
        }
        ms[kind].push(performance.now() - s);
        statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        done++;
        if (done % Math.ceil(opts.requests / SAMPLES) === 0) {
          rss.push({ requests: done, rssMb: rssMb(child.pid!) });
          process.stderr.write(
            `soak: ${done}/${opts.requests} requests, server RSS ${rss.at(-1)!.rssMb} MB\n`,
          );
        }
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const seconds = (performance.now() - start) / 1000;
    const all = Object.values(ms).flat();
    const mid = rss[Math.floor(rss.length / 2)]!.rssMb;
    const firstHalf = mid - rss[1]!.rssMb;
    const lastHalf = rss.at(-1)!.rssMb - mid;
    const errors = Object.entries(statuses)
      .filter(([s]) => !/^2\d\d$/.test(s))
      .reduce((n, [, c]) => n + c, 0);
    return {
      articles: opts.articles,
      requests: opts.requests,
      serverHeapMb: opts.serverHeapMb ?? null,
      clients: CLIENTS,
      seconds: round(seconds, 1),
      requestsPerSecond: round(opts.requests / seconds, 1),
      p50Ms: round(median(all), 2),
      p95Ms: round(quantile(all, 0.95), 2),
      p99Ms: round(quantile(all, 0.99), 2),
      byKind: Object.fromEntries(
        Object.entries(ms).map(([k, v]) => [
          k,
          {
            requests: v.length,
            p50Ms: round(median(v), 2),
            p95Ms: round(quantile(v, 0.95), 2),
            p99Ms: round(quantile(v, 0.99), 2),
          },
        ]),
      ),
      statuses,
      errors,
      sampleErrors,
      serverRss: rss,
      // Growth after warm-up: first half from the first sample (caches filling), last half to the end.
      rssGrowthFirstHalfMb: round(firstHalf, 1),
      rssGrowthLastHalfMb: round(lastHalf, 1),
      rssLevelsOff: lastHalf < 32 || lastHalf < firstHalf / 10,
      serverAlive: child.exitCode === null,
      note: 'watchfloor serve in its own process on loopback, no-account mode; searches of distinct structure, reads and watchlist writes; RSS from /proc',
    };
  } catch (err) {
    throw new Error(`${(err as Error).message}\nserver log:\n${serverLog}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}
