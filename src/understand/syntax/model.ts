import { gunzipSync, gzipSync } from 'node:zlib';
import { HashIndex } from './hash.js';
import type { LinearModel } from './perceptron.js';

export const MODEL_FORMAT = 'watchfloor-syntax';
export const MODEL_FORMAT_VERSION = 1;

/** What a trained model records about itself; the stage reports `version` as its own version. */
export interface SyntaxMeta {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** Short content hash of the weights, so an analysis names the exact model that made it. */
  version: string;
  upos: string[];
  deprels: string[];
  /** word → UPOS id for words whose tag in training never varies */
  tagDictionary: Array<[string, number]>;
  /** word → bit set of the UPOS ids it takes in training (words seen at least three times) */
  ambiguityLexicon: Array<[string, number]>;
  training: Record<string, unknown>;
}

export interface SyntaxModel {
  meta: SyntaxMeta;
  tagger: LinearModel;
  moves: LinearModel;
  labeler: LinearModel;
}

export class SyntaxModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntaxModelError';
  }
}

const PARTS = ['tagger', 'moves', 'labeler'] as const;

/**
 * Layout, gzipped: u32 header length and a JSON header, then per classifier: u32 rows, u32 classes, f32
 * scale, the feature hashes sorted ascending and delta-coded as u32, and int16 weights (row-major, in the
 * same order) quantised with the scale. Rows whose weights all quantise to zero are dropped: they cannot
 * change a decision. Sorting by hash makes the bytes depend only on the weights.
 */
export function encodeSyntaxModel(model: SyntaxModel): Buffer {
  const header = Buffer.from(JSON.stringify(model.meta));
  const parts: Buffer[] = [u32(header.length), header];
  for (const name of PARTS) parts.push(encodeLinear(model[name]));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

function encodeLinear(model: LinearModel): Buffer {
  const C = model.classes;
  const keys = model.index.keysByRow();
  let max = 0;
  for (let i = 0; i < keys.length * C; i++) max = Math.max(max, Math.abs(model.weights[i] ?? 0));
  const scale = max === 0 ? 1 : Math.fround(max / 32767);
  const kept: Array<[number, number]> = [];
  keys.forEach((key, row) => {
    for (let c = 0; c < C; c++)
      if (Math.round((model.weights[row * C + c] ?? 0) / scale) !== 0) {
        kept.push([key, row]);
        return;
      }
  });
  kept.sort((a, b) => a[0] - b[0]);
  const head = Buffer.alloc(12);
  head.writeUInt32LE(kept.length, 0);
  head.writeUInt32LE(C, 4);
  head.writeFloatLE(scale, 8);
  const deltas = new Uint32Array(kept.length);
  const q = new Int16Array(kept.length * C);
  let prev = 0;
  kept.forEach(([key, row], i) => {
    deltas[i] = key - prev;
    prev = key;
    for (let c = 0; c < C; c++) q[i * C + c] = Math.round((model.weights[row * C + c] ?? 0) / scale);
  });
  return Buffer.concat([head, bytes(deltas), bytes(q)]);
}

const bytes = (a: Uint32Array | Int16Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

export function decodeSyntaxModel(file: Buffer, source = 'syntax model'): SyntaxModel {
  let raw: Buffer;
  try {
    raw = gunzipSync(file);
  } catch {
    throw new SyntaxModelError(
      `${source} is not a gzipped Watchfloor syntax model; rebuild it with npm run train:syntax`,
    );
  }
  let off = 0;
  const headerLen = raw.readUInt32LE(off);
  off += 4;
  const meta = JSON.parse(raw.subarray(off, off + headerLen).toString('utf8')) as SyntaxMeta;
  off += headerLen;
  if (meta.format !== MODEL_FORMAT || meta.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new SyntaxModelError(
      `${source} has format ${meta.format} v${meta.formatVersion}; expected ${MODEL_FORMAT} v${MODEL_FORMAT_VERSION}`,
    );
  }
  const linear: LinearModel[] = [];
  for (let p = 0; p < PARTS.length; p++) {
    const rows = raw.readUInt32LE(off);
    const C = raw.readUInt32LE(off + 4);
    const scale = raw.readFloatLE(off + 8);
    off += 12;
    // Copies, because the slices need not be aligned for typed-array views.
    const deltas = new Uint32Array(raw.buffer.slice(raw.byteOffset + off, raw.byteOffset + off + rows * 4));
    off += rows * 4;
    const q = new Int16Array(raw.buffer.slice(raw.byteOffset + off, raw.byteOffset + off + rows * C * 2));
    off += rows * C * 2;
    const index = new HashIndex(rows);
    let key = 0;
    for (let i = 0; i < rows; i++) {
      key = (key + (deltas[i] ?? 0)) >>> 0;
      index.intern(key);
    }
    const weights = new Float32Array(rows * C);
    for (let i = 0; i < weights.length; i++) weights[i] = (q[i] ?? 0) * scale;
    linear.push({ classes: C, index, weights });
  }
  const [tagger, moves, labeler] = linear as [LinearModel, LinearModel, LinearModel];
  return { meta, tagger, moves, labeler };
}
