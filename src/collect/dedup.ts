import { createHash } from 'node:crypto';
import { CollectError } from './errors.js';

// Dedup keys: a canonical URL per page, an exact-content hash per text, and a MinHash signature with LSH
// band keys so rewrites of the same wire story find each other without comparing every pair.

/** Query parameters that only track the reader (compared case-insensitively). */
export const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'yclid',
  'igshid',
  '_ga',
  '_gl',
  'ocid',
  'cmpid',
  'ito',
  'at_medium',
  'at_campaign',
  'at_custom1',
  'at_custom2',
  'at_custom3',
  'at_custom4',
  'ref',
  'ref_src',
  'ref_url',
  'src',
  'share',
  'smid',
  'cmp',
  'mbid',
  'taid',
  'spm',
  'ns_mchannel',
  'ns_source',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  'soc_src',
  'soc_trk',
  'feature',
  'rss',
  'xtor',
  'wt.mc_id',
  'fromrss',
  'dicbo',
  'tracking_source',
  'traffic_source',
  'via',
  'sr_share',
]);

const AMP_QUERY = new Map([
  ['amp', null],
  ['outputtype', 'amp'],
  ['output', 'amp'],
]);

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING_PARAMS.has(n);
}

const UNRESERVED = /%(4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]|3[0-9]|2D|2E|5F|7E)/gi;

/** The dedup key for a URL. Not for fetching: it merges http and https and drops `www.`. */
export function canonicalizeUrl(input: string): string {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    throw new CollectError('url.invalid', input, 'not a valid URL');
  }
  if (u.protocol === 'file:') {
    u.hash = '';
    return u.href;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new CollectError('url.invalid', input, `unsupported scheme ${u.protocol}`);
  }
  let host = u.hostname.toLowerCase().replace(/\.$/, '');
  host = host.replace(/^(www\d?|m|mobile|amp)\./, '');
  let path = u.pathname.replace(UNRESERVED, (m) => decodeURIComponent(m)).replace(/\/{2,}/g, '/');
  path = path
    .replace(/^\/amp(\/|$)/i, '/')
    .replace(/\/amp\/?$/i, '')
    .replace(/\.amp(\.html?)?$/i, (_m, ext: string | undefined) => ext ?? '');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (path === '') path = '/';
  const params: Array<[string, string]> = [];
  for (const [k, v] of u.searchParams) {
    if (isTracking(k)) continue;
    const lower = k.toLowerCase();
    if (AMP_QUERY.has(lower)) {
      const ampValue = AMP_QUERY.get(lower);
      if (ampValue === null || v.toLowerCase() === ampValue) continue;
    }
    params.push([k, v]);
  }
  params.sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0] < b[0] ? -1 : 1));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';
  return `https://${host}${port}${path}${query}`;
}

/** Text as compared for exact duplicates: case, quote style, dashes, spacing and punctuation do not count. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’‚‛′`´]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeText(text)).digest('hex');
}

// MinHash over 4-word shingles, 128 hash functions, 32 bands of 4 rows.
// P(pair shares a band) = 1 - (1 - s^4)^32: s=0.3 → 0.23, s=0.4 → 0.57, s=0.5 → 0.87, s=0.6 → 0.98.
// Candidates are then confirmed by the estimated Jaccard similarity ≥ NEAR_DUPLICATE_THRESHOLD, so band
// collisions of unrelated texts cost a comparison, never a wrong merge.
const SHINGLE = 4;
const HASHES = 128;
const BANDS = 32;
const ROWS = HASHES / BANDS;
const MIN_SHINGLES = 8;
export const NEAR_DUPLICATE_THRESHOLD = 0.45;

// Fixed coefficients from a seeded generator: signatures are identical across runs and machines.
const COEFFS = (() => {
  let s = 0x9e3779b9;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const a = new Uint32Array(HASHES);
  const b = new Uint32Array(HASHES);
  for (let i = 0; i < HASHES; i++) {
    a[i] = next() | 1;
    b[i] = next();
  }
  return { a, b };
})();

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser for avalanche. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export interface Fingerprint {
  minhash: Uint32Array;
  /** LSH band keys; empty for texts too short to fingerprint reliably. */
  bands: string[];
}

export function fingerprint(text: string): Fingerprint {
  const words = normalizeText(text).split(' ').filter(Boolean);
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE <= words.length; i++) {
    shingles.add(hash32(words.slice(i, i + SHINGLE).join(' ')));
  }
  const minhash = new Uint32Array(HASHES).fill(0xffffffff);
  for (const x of shingles) {
    for (let k = 0; k < HASHES; k++) {
      const v = mix((Math.imul(COEFFS.a[k]!, x) + COEFFS.b[k]!) >>> 0);
      if (v < minhash[k]!) minhash[k] = v;
    }
  }
  if (shingles.size < MIN_SHINGLES) return { minhash, bands: [] };
  const bands: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = 0x811c9dc5 ^ band;
    for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ minhash[band * ROWS + r]!, 0x01000193);
    bands.push(`${band.toString(36)}:${(h >>> 0).toString(36)}`);
  }
  return { minhash, bands };
}

/** Fraction of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

export function encodeMinhash(sig: Uint32Array): Buffer {
  const buf = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) buf.writeUInt32LE(sig[i]!, i * 4);
  return buf;
}

export function decodeMinhash(buf: Buffer): Uint32Array {
  const out = new Uint32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32LE(i * 4);
  return out;
}
