import { gunzipSync, gzipSync } from 'node:zlib';
import { LABELS } from './labels.js';

export const MODEL_FORMAT = 'watchfloor-entities';
export const MODEL_FORMAT_VERSION = 1;

/** What a trained model records about itself; `analyze` reports `version` as the stage version. */
export interface ModelMeta {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** Short content hash of the weights, so an analysis names the exact model that made it. */
  version: string;
  labels: string[];
  featureCount: number;
  temperature: number;
  training: Record<string, unknown>;
}

export interface StageWeights {
  featureIndex: Map<string, number>;
  /** featureCount × labels, row-major. */
  weights: Float32Array;
  /** (labels + 1) × labels: row 0 is the sentence start. */
  transitions: Float32Array;
}

/** Two stacked taggers: the second also sees what the first predicted across the whole document. */
export interface EntityModel {
  meta: ModelMeta;
  stages: StageWeights[];
}

export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/**
 * Layout, gzipped: u32 header length and a JSON header, then per stage: u32 feature-bytes length, feature
 * strings joined by "\n", int16 weights quantised with the stage's scale, float32 transitions. Int16 keeps
 * the file small at no measurable cost in F1; strings (not hashes) rule out collisions.
 */
export function encodeModel(model: EntityModel): Buffer {
  const parts: Buffer[] = [];
  const scales: number[] = [];
  for (const stage of model.stages) {
    const names = [...stage.featureIndex.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
    let max = 0;
    for (const w of stage.weights) max = Math.max(max, Math.abs(w));
    const scale = max === 0 ? 1 : max / 32767;
    scales.push(scale);
    const q = new Int16Array(stage.weights.length);
    stage.weights.forEach((w, i) => {
      q[i] = Math.round(w / scale);
    });
    const feats = Buffer.from(names.join('\n'));
    parts.push(
      u32(feats.length),
      feats,
      Buffer.from(q.buffer, q.byteOffset, q.byteLength),
      Buffer.from(stage.transitions.buffer, stage.transitions.byteOffset, stage.transitions.byteLength),
    );
  }
  const header = Buffer.from(JSON.stringify({ ...model.meta, scales }));
  return gzipSync(Buffer.concat([u32(header.length), header, ...parts]), { level: 9 });
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

export function decodeModel(file: Buffer, source = 'model'): EntityModel {
  let raw: Buffer;
  try {
    raw = gunzipSync(file);
  } catch {
    throw new ModelFileError(
      `${source} is not a gzipped Watchfloor entity model; rebuild it with npm run train:entities`,
    );
  }
  let off = 0;
  const headerLen = raw.readUInt32LE(off);
  off += 4;
  const header = JSON.parse(raw.subarray(off, off + headerLen).toString('utf8')) as ModelMeta & {
    scales: number[];
  };
  off += headerLen;
  if (header.format !== MODEL_FORMAT || header.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new ModelFileError(
      `${source} has format ${header.format} v${header.formatVersion}; expected ${MODEL_FORMAT} v${MODEL_FORMAT_VERSION}`,
    );
  }
  if (header.labels.join() !== LABELS.join()) {
    throw new ModelFileError(
      `${source} was trained with labels ${header.labels.join(',')}, this code uses ${LABELS.join(',')}`,
    );
  }
  const L = LABELS.length;
  const stages: StageWeights[] = header.scales.map((scale) => {
    const featLen = raw.readUInt32LE(off);
    off += 4;
    const names =
      featLen === 0
        ? []
        : raw
            .subarray(off, off + featLen)
            .toString('utf8')
            .split('\n');
    off += featLen;
    const count = names.length * L;
    const q = new Int16Array(raw.buffer.slice(raw.byteOffset + off, raw.byteOffset + off + count * 2));
    off += count * 2;
    const tBytes = (L + 1) * L * 4;
    const transitions = new Float32Array(
      raw.buffer.slice(raw.byteOffset + off, raw.byteOffset + off + tBytes),
    );
    off += tBytes;
    const weights = new Float32Array(count);
    for (let i = 0; i < count; i++) weights[i] = (q[i] ?? 0) * scale;
    const featureIndex = new Map<string, number>();
    names.forEach((n, i) => featureIndex.set(n, i));
    return { featureIndex, weights, transitions };
  });
  const { scales: _scales, ...meta } = header;
  return { meta, stages };
}
