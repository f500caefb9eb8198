import { gunzipSync, gzipSync } from 'node:zlib';
import { QuantizedModel } from './quantized.js';

export const MODEL_FORMAT = 'watchfloor-syntax';
export const MODEL_FORMAT_VERSION = 2;

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
  tagger: QuantizedModel;
  moves: QuantizedModel;
  labeler: QuantizedModel;
}

export class SyntaxModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntaxModelError';
  }
}

const PARTS = ['tagger', 'moves', 'labeler'] as const;

/**
 * Layout, gzipped: u32 header length and a JSON header, zero-padded to a multiple of 4 bytes; then per
 * classifier: u32 rows, u32 classes, f32 scale, u32 entries; the feature hashes sorted ascending and
 * delta-coded as u32; per row the u8 count of its non-zero weights (zero-padded to 4 bytes); and the
 * weights as i32 entries `class << 16 | (q & 0xffff)`, q the int16 quantised with the scale, row after row.
 * Every array starts 4-aligned, so loading wraps the entries where gunzip left them and only delta-decodes
 * the keys. Rows whose weights all quantise to zero are dropped. Sorting by hash makes the bytes depend only
 * on the weights. (Format 1 stored dense int16 rows, dequantised to float32 at load.)
 */
export function encodeSyntaxModel(model: SyntaxModel): Buffer {
  const header = Buffer.from(JSON.stringify(model.meta));
  const parts: Buffer[] = [u32(header.length), header, Buffer.alloc(pad4(4 + header.length))];
  for (const name of PARTS) parts.push(encodeQuantized(model[name]));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

const pad4 = (n: number): number => (4 - (n % 4)) % 4;

function encodeQuantized(model: QuantizedModel): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32LE(model.rows, 0);
  head.writeUInt32LE(model.classes, 4);
  head.writeFloatLE(model.scale, 8);
  head.writeUInt32LE(model.entries.length, 12);
  const deltas = new Uint32Array(model.rows);
  let prev = 0;
  model.keys.forEach((key, i) => {
    deltas[i] = key - prev;
    prev = key;
  });
  return Buffer.concat([
    head,
    bytes(deltas),
    bytes(model.counts),
    Buffer.alloc(pad4(model.rows)),
    bytes(model.entries),
  ]);
}

const bytes = (a: Uint32Array | Uint8Array | Int32Array): Buffer =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength);

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
  // Typed-array views need aligned offsets; gunzip's own buffer is, a pooled one might not be.
  if (raw.byteOffset % 4 !== 0) {
    const copy = new Uint8Array(raw.length);
    copy.set(raw);
    raw = Buffer.from(copy.buffer);
  }
  let off = 0;
  const headerLen = raw.readUInt32LE(off);
  off += 4;
  const meta = JSON.parse(raw.subarray(off, off + headerLen).toString('utf8')) as SyntaxMeta;
  off += headerLen;
  off += pad4(off);
  if (meta.format !== MODEL_FORMAT || meta.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new SyntaxModelError(
      `${source} has format ${meta.format} v${meta.formatVersion}; expected ${MODEL_FORMAT} v${MODEL_FORMAT_VERSION}`,
    );
  }
  const linear: QuantizedModel[] = [];
  for (let p = 0; p < PARTS.length; p++) {
    const rows = raw.readUInt32LE(off);
    const C = raw.readUInt32LE(off + 4);
    const scale = raw.readFloatLE(off + 8);
    const size = raw.readUInt32LE(off + 12);
    off += 16;
    const deltas = new Uint32Array(raw.buffer, raw.byteOffset + off, rows);
    off += rows * 4;
    const counts = new Uint8Array(raw.buffer, raw.byteOffset + off, rows);
    off += rows + pad4(rows);
    const entries = new Int32Array(raw.buffer, raw.byteOffset + off, size);
    off += size * 4;
    const keys = new Uint32Array(rows);
    let key = 0;
    for (let i = 0; i < rows; i++) {
      key = (key + (deltas[i] ?? 0)) >>> 0;
      keys[i] = key;
    }
    linear.push(new QuantizedModel(C, keys, counts, entries, scale));
  }
  const [tagger, moves, labeler] = linear as [QuantizedModel, QuantizedModel, QuantizedModel];
  return { meta, tagger, moves, labeler };
}
