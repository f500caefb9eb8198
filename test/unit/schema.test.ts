import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisJsonSchema, analysisSchema } from '../../src/understand/schema.js';

describe('Analysis schema', () => {
  it('docs/analysis.schema.json is the generated schema (run npm run build:schema after changing it)', () => {
    const committed: unknown = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'analysis.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(analysisJsonSchema());
  });

  it('rejects an analysis with a bad span or an unknown entity type', () => {
    const base = {
      schemaVersion: 1,
      language: 'en',
      publishedAt: null,
      textLength: 5,
      textSha256: 'a'.repeat(64),
      stages: { sentences: { version: 'rules-1', ms: 0.1 } },
      sentences: [{ index: 0, start: 0, end: 5, text: 'Iran.', kind: 'body', truncated: false }],
      tokenCount: 2,
      entities: [
        {
          id: 'e1',
          type: 'LOC',
          span: { sentence: 0, start: 0, end: 4, text: 'Iran' },
          tokenStart: 0,
          tokenEnd: 1,
          confidence: 0.9,
        },
      ],
      actors: [],
      actorMentions: [],
      places: [],
      quotes: [],
      dates: [],
      claims: [],
      events: [],
    };
    expect(analysisSchema.safeParse(base).success).toBe(true);
    const badType = { ...base, entities: [{ ...base.entities[0], type: 'GPE' }] };
    expect(analysisSchema.safeParse(badType).success).toBe(false);
    const badSpan = {
      ...base,
      entities: [{ ...base.entities[0], span: { sentence: 0, start: -1, end: 4, text: 'Iran' } }],
    };
    expect(analysisSchema.safeParse(badSpan).success).toBe(false);
  });
});
