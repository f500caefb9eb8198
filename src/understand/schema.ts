import { z } from 'zod';

// The Analysis as a schema: `analyze --json` output is checked against it in tests, and
// docs/analysis.schema.json is generated from it (npm run build:schema), so the two cannot drift.

const span = z
  .object({
    sentence: z.number().int().min(0).describe('index into sentences'),
    start: z.number().int().min(0).describe('UTF-16 offset into the article text, inclusive'),
    end: z.number().int().min(0).describe('UTF-16 offset into the article text, exclusive'),
    text: z.string().describe('the text between start and end'),
  })
  .describe('Where a fact was read: character offsets into the article text');

const sentence = z.object({
  index: z.number().int().min(0),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string(),
  kind: z.enum(['body', 'dateline', 'caption', 'heading']),
  truncated: z.boolean().describe('the text stops mid-sentence (a cut-off body)'),
});

const entity = z.object({
  id: z.string().regex(/^e\d+$/),
  type: z.enum(['PER', 'ORG', 'LOC', 'MISC']),
  span,
  tokenStart: z.number().int().min(0).describe('first token of the mention within its sentence'),
  tokenEnd: z.number().int().min(0).describe('token after the mention within its sentence'),
  confidence: z.number().min(0).max(1),
});

export const analysisSchema = z
  .object({
    schemaVersion: z.literal(1),
    language: z.string().nullable(),
    publishedAt: z.string().nullable().describe('the anchor for relative dates'),
    textLength: z.number().int().min(0),
    textSha256: z.string().regex(/^[0-9a-f]{64}$/),
    stages: z
      .record(z.string(), z.object({ version: z.string(), ms: z.number().min(0) }))
      .describe('stage name → the version that produced its slot, and its run time'),
    sentences: z.array(sentence),
    tokenCount: z.number().int().min(0),
    entities: z.array(entity).describe('named entities in text order'),
  })
  .describe('What Watchfloor understood of one article');

export function analysisJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://watchfloor.dev/schemas/analysis.schema.json',
    title: 'Watchfloor Analysis',
    ...z.toJSONSchema(analysisSchema),
  };
}
