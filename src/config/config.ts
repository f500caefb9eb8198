import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// Configuration is validated once into a typed object; nothing else reads process.env.

const bool = z.union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no'])]).transform((v) => {
  if (typeof v === 'boolean') return v;
  return v === '1' || v === 'true' || v === 'yes';
});

// A DNS name, an IPv4 address or a bracketed IPv6 address, and an optional port.
const HOST_NAME =
  /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*)(:\d{1,5})?$/i;

export const ConfigSchema = z.object({
  /** Folder of the embedded store (SQLite file, logs). */
  dataDir: z.string().min(1).default('./watchfloor-data'),
  /**
   * A PostgreSQL connection URL (DATABASE_URL): the store then lives there instead of the SQLite file, so
   * several workers and servers can share it.
   */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** HTTP port of `watchfloor serve`. */
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface to bind; loopback by default so a laptop does not publish its desk. */
  host: z.string().default('127.0.0.1'),
  /**
   * Where people and feed readers reach the desk (`https://desk.example.org`, behind a proxy): every URL
   * the server writes into a response starts with it, never with the request's Host, and its host is
   * served. Default: the address `serve` listens on.
   */
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
    .refine((u) => {
      const url = new URL(u);
      return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    }, 'scheme, host and port only (no path, query or user name)')
    .transform((u) => new URL(u).origin)
    .optional(),
  /**
   * Host names (`desk.example.org`, optionally `:port`) the server answers to besides loopback names and
   * the host of publicUrl; any other Host is refused (421), so a DNS-rebinding page cannot reach the desk.
   */
  allowedHosts: z
    .union([
      z.array(z.string()),
      z.string().transform((s) =>
        s
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(
          z
            .string()
            .regex(HOST_NAME, 'a host name or address, optionally with :port (no scheme or path)')
            .transform((h) => h.toLowerCase()),
        )
        .max(100),
    )
    .default([]),
  /** Jobs processed at once by one worker; fetching is I/O-bound, politeness is per host in the fetcher. */
  workerConcurrency: z.coerce.number().int().min(1).max(64).default(8),
  fetch: z
    .object({
      userAgent: z.string().default('Watchfloor/0.1 (+https://github.com/watchfloor/watchfloor)'),
      /** Off by default (SSRF guard). Tests and local demos opt in explicitly. */
      allowLoopback: bool.default(false),
      /** Off by default (SSRF guard): RFC 1918, unique-local and CGNAT ranges. */
      allowPrivate: bool.default(false),
      respectRobots: bool.default(true),
      perHostConcurrency: z.coerce.number().int().min(1).max(32).default(2),
      perHostDelayMs: z.coerce.number().int().min(0).default(1000),
      connectTimeoutMs: z.coerce.number().int().min(100).default(10_000),
      readTimeoutMs: z.coerce.number().int().min(100).default(20_000),
      totalTimeoutMs: z.coerce.number().int().min(100).default(60_000),
      maxBytes: z.coerce
        .number()
        .int()
        .min(1024)
        .default(10 * 1024 * 1024),
      maxRedirects: z.coerce.number().int().min(0).max(20).default(5),
      retries: z.coerce.number().int().min(0).max(10).default(3),
      retryBaseMs: z.coerce.number().int().min(0).default(500),
    })
    .prefault({}),
  /** Budgets of untrusted content; one item is capped by fetch.maxBytes, fetched or read from a file. */
  collect: z
    .object({
      /** Largest local file read at all (JSON lines, JSON arrays), checked before reading. */
      maxFileBytes: z.coerce
        .number()
        .int()
        .min(1024)
        .default(256 * 1024 * 1024),
      /** Wall-clock budget of one page's extraction (on a worker thread, terminated past it). */
      extractTimeoutMs: z.coerce.number().int().min(100).default(10_000),
    })
    .prefault({}),
  /** Analysis of stored articles, on worker threads so no article holds the server. */
  understand: z
    .object({
      /** Wall-clock budget of one article's analysis (on its thread, terminated past it): analysis.timeout. */
      timeoutMs: z.coerce.number().int().min(100).default(30_000),
      /** Analysis threads; each loads its own copy of the models (a few hundred MB). */
      threads: z.coerce.number().int().min(1).max(16).default(1),
    })
    .prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;
export type FetchConfig = Config['fetch'];

type Env = Record<string, string | undefined>;

/** Environment variables understood by Watchfloor (documented in docs/CONFIG.md). */
function fromEnv(env: Env): Record<string, unknown> {
  const fetch: Record<string, unknown> = {};
  const map: Array<[string, string]> = [
    ['WATCHFLOOR_USER_AGENT', 'userAgent'],
    ['WATCHFLOOR_ALLOW_LOOPBACK', 'allowLoopback'],
    ['WATCHFLOOR_ALLOW_PRIVATE', 'allowPrivate'],
    ['WATCHFLOOR_RESPECT_ROBOTS', 'respectRobots'],
    ['WATCHFLOOR_PER_HOST_DELAY_MS', 'perHostDelayMs'],
    ['WATCHFLOOR_PER_HOST_CONCURRENCY', 'perHostConcurrency'],
    ['WATCHFLOOR_MAX_BYTES', 'maxBytes'],
    ['WATCHFLOOR_RETRIES', 'retries'],
    ['WATCHFLOOR_RETRY_BASE_MS', 'retryBaseMs'],
    ['WATCHFLOOR_TOTAL_TIMEOUT_MS', 'totalTimeoutMs'],
  ];
  for (const [name, key] of map) if (env[name] !== undefined) fetch[key] = env[name];
  const collect: Record<string, unknown> = {};
  if (env.WATCHFLOOR_MAX_FILE_BYTES) collect.maxFileBytes = env.WATCHFLOOR_MAX_FILE_BYTES;
  if (env.WATCHFLOOR_EXTRACT_TIMEOUT_MS) collect.extractTimeoutMs = env.WATCHFLOOR_EXTRACT_TIMEOUT_MS;
  const understand: Record<string, unknown> = {};
  if (env.WATCHFLOOR_ANALYSIS_TIMEOUT_MS) understand.timeoutMs = env.WATCHFLOOR_ANALYSIS_TIMEOUT_MS;
  if (env.WATCHFLOOR_ANALYSIS_THREADS) understand.threads = env.WATCHFLOOR_ANALYSIS_THREADS;
  const out: Record<string, unknown> = { fetch, collect, understand };
  if (env.WATCHFLOOR_DATA) out.dataDir = env.WATCHFLOOR_DATA;
  if (env.WATCHFLOOR_PORT) out.port = env.WATCHFLOOR_PORT;
  if (env.WATCHFLOOR_HOST) out.host = env.WATCHFLOOR_HOST;
  if (env.WATCHFLOOR_PUBLIC_URL) out.publicUrl = env.WATCHFLOOR_PUBLIC_URL;
  if (env.WATCHFLOOR_ALLOWED_HOSTS !== undefined) out.allowedHosts = env.WATCHFLOOR_ALLOWED_HOSTS;
  if (env.WATCHFLOOR_WORKERS) out.workerConcurrency = env.WATCHFLOOR_WORKERS;
  if (env.DATABASE_URL) out.databaseUrl = env.DATABASE_URL;
  return out;
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const prev = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object'
        ? merge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Precedence: explicit overrides (CLI flags) > environment > `<dataDir>/config.json` > defaults.
 * The data folder is resolved first because the config file lives in it.
 */
export function loadConfig(overrides: Record<string, unknown> = {}, env: Env = process.env): Config {
  const envPart = fromEnv(env);
  const dataDir = resolve(String(overrides.dataDir ?? envPart.dataDir ?? './watchfloor-data'));
  let filePart: Record<string, unknown> = {};
  const file = join(dataDir, 'config.json');
  if (existsSync(file)) {
    try {
      filePart = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(
        `Cannot read ${file}: ${(err as Error).message}. Fix the JSON or delete the file.`,
      );
    }
  }
  const merged = merge(merge(filePart, envPart), { ...overrides, dataDir });
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${issues}`);
  }
  return parsed.data;
}

/** The package root, found from this file, so shipped data (data/demo) is found from dist/ or src/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the Watchfloor package root (package.json beside data/).');
    dir = up;
  }
}
