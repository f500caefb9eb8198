import { z } from 'zod';
import { PLOVER_TYPES } from './events/types.js';

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

const actor = z.object({
  id: z.string().regex(/^a\d+$/),
  actorId: z
    .string()
    .describe('dictionary id (person:…, org:…, igo:…, country:ISO3), sector:CODE or discovered:…'),
  name: z.string(),
  kind: z.enum(['country', 'person', 'group', 'organisation', 'igo']),
  codes: z.array(z.string()).describe('CAMEO-style codes valid on the publication date'),
  country: z.string().nullable(),
  role: z
    .object({
      title: z.string().nullable(),
      rank: z.string().nullable(),
      organisation: z.string().nullable(),
      country: z.string().nullable(),
      code: z.string().nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    })
    .nullable(),
  discovered: z.boolean(),
  mentions: z.array(z.string()),
  confidence: z.number().min(0).max(1),
});

const actorMention = z.object({
  id: z.string().regex(/^m\d+$/),
  actor: z.string().regex(/^a\d+$/),
  span,
  entity: z.string().nullable(),
  via: z.enum([
    'name',
    'surname',
    'demonym',
    'metonym',
    'description',
    'title',
    'pronoun',
    'group-reference',
  ]),
  confidence: z.number().min(0).max(1),
});

const resolvedPlace = z
  .object({
    id: z.string().describe('gazetteer id: GeoNames id as digits, or wf:… / us-county:… for added features'),
    geonameId: z.number().int().nullable(),
    name: z.string(),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    country: z.string().length(2).nullable().describe('ISO 3166-1 alpha-2'),
    admin1: z.string().nullable().describe('GeoNames admin-1 code within the country'),
    featureClass: z.string().describe('GeoNames feature class (A, P, H, T, L, S)'),
    featureCode: z.string().describe('GeoNames feature code (PCLI, ADM1, PPLC, STRT…)'),
  })
  .describe('The gazetteer entry a place name was resolved to');

const placeMention = z.object({
  id: z.string().regex(/^p\d+$/),
  span,
  entity: z.string().nullable(),
  source: z
    .enum(['tagger', 'gazetteer', 'gold'])
    .describe('who found the name: the entity tagger or the gazetteer scan'),
  place: resolvedPlace.nullable().describe('null when no gazetteer entry carries the name'),
  approximate: z
    .object({
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      nearId: z.string(),
      nearName: z.string(),
      country: z.string().length(2).nullable(),
      admin1: z.string().nullable(),
    })
    .optional()
    .describe(
      "for a name no gazetteer entry carries: the middle of the document's other places, where it most likely lies",
    ),
  candidates: z.number().int().min(0).describe('gazetteer entries that carry the name'),
  confidence: z.number().min(0).max(1),
});

const quote = z.object({
  id: z.string().regex(/^q\d+$/),
  text: z.string(),
  span,
  speaker: z.string().nullable(),
  speakerSpan: span.nullable(),
  cue: z.string().nullable(),
  partial: z.boolean(),
  confidence: z.number().min(0).max(1),
});

const timeRef = z.object({
  id: z.string().regex(/^t\d+$/),
  span,
  start: z.string().nullable().describe('YYYY-MM-DD, YYYY-MM or YYYY by precision; null for an open start'),
  end: z.string().nullable().describe('inclusive; null for an open end ("since 2011")'),
  precision: z.enum(['day', 'month', 'year', 'decade', 'week']),
  kind: z.enum(['absolute', 'relative', 'range', 'vague']),
  future: z.boolean(),
  confidence: z.number().min(0).max(1),
});

const timeAnchor = z.object({
  sentence: z
    .number()
    .int()
    .min(0)
    .nullable()
    .describe("the sentence it anchors; null for the article's own"),
  value: z.string().describe('YYYY-MM-DD, YYYY-MM or YYYY by precision'),
  precision: z.enum(['day', 'month', 'year', 'decade', 'week']),
  source: z
    .enum(['published', 'updated', 'byline', 'dateline', 'text', 'sentence'])
    .describe(
      "the article's publication date, a date an Updated line, byline or dateline prints, the latest date the text reports, or a sentence's own date",
    ),
  dateRef: z
    .string()
    .regex(/^t\d+$/)
    .nullable()
    .describe('for a sentence: the date expression it is'),
  evidence: span
    .nullable()
    .describe('the words it was read from; null for a publication date given outside the text'),
});

const claim = z.object({
  id: z.string().regex(/^c\d+$/),
  span,
  kind: z.enum([
    'fatalities',
    'injured',
    'displaced',
    'arrested',
    'strikes',
    'troops',
    'weapons',
    'money',
    'percentage',
    'other',
  ]),
  value: z.number().nullable(),
  valueMax: z.number().nullable(),
  qualifier: z.enum(['exact', 'more than', 'less than', 'about', 'up to', 'at least', 'magnitude', 'range']),
  unit: z.string().nullable(),
  cue: z.string().nullable(),
  confidence: z.number().min(0).max(1),
});

const codedEvent = z.object({
  id: z.string().regex(/^v\d+$/),
  span: span.describe('the sentence the event was read from'),
  trigger: span.describe('the verb or verb phrase that coded it'),
  type: z.enum(PLOVER_TYPES),
  mode: z.string().nullable(),
  context: z.string().nullable(),
  cameo: z.string().regex(/^\d{3,4}$/),
  quadClass: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  goldstein: z.number().min(-10).max(10),
  sources: z.array(z.string().regex(/^a\d+$/)),
  targets: z.array(z.string().regex(/^a\d+$/)),
  place: z
    .string()
    .regex(/^p\d+$/)
    .nullable(),
  date: z.string().nullable().describe('from a date expression of the sentence, else the publication date'),
  dateRef: z
    .string()
    .regex(/^t\d+$/)
    .nullable(),
  datePrecision: z.enum(['day', 'week', 'month', 'year', 'decade']).nullable(),
  negated: z.boolean(),
  intended: z.boolean(),
  reportedBy: z
    .string()
    .regex(/^a\d+$/)
    .nullable(),
  confidence: z.number().min(0).max(1),
});

const stageInfo = z.object({
  version: z.string(),
  ms: z.number().min(0),
  error: z
    .object({ message: z.string(), code: z.string().optional() })
    .optional()
    .describe('the stage threw: its slots are empty and the stages that read them were skipped'),
  skipped: z
    .string()
    .optional()
    .describe('the stage did not run, and why: a slot it reads was left empty by a failed stage'),
});

export const analysisSchema = z
  .object({
    schemaVersion: z.literal(1),
    language: z.string().nullable(),
    paragraphLanguages: z
      .array(
        z.object({
          start: z.number().int().min(0),
          end: z.number().int().min(0),
          language: z.string().nullable(),
        }),
      )
      .optional()
      .describe("each paragraph's language, only on mixed pages with Arabic script whose paragraphs differ"),
    publishedAt: z.string().nullable().describe('the anchor for relative dates'),
    textLength: z.number().int().min(0),
    textSha256: z.string().regex(/^[0-9a-f]{64}$/),
    stages: z
      .record(z.string(), stageInfo)
      .describe('stage name → the version that produced its slots, its run time, and whether it failed'),
    sentences: z.array(sentence),
    tokenCount: z.number().int().min(0),
    entities: z.array(entity).describe('named entities in text order'),
    actors: z.array(actor).describe('the actors of the article, in order of first mention'),
    actorMentions: z.array(actorMention).describe('every place in the text that refers to an actor'),
    places: z.array(placeMention).describe('place names resolved to gazetteer entries with coordinates'),
    quotes: z.array(quote),
    dates: z.array(timeRef).describe('date expressions normalised against publishedAt'),
    timeAnchors: z
      .array(timeAnchor)
      .optional()
      .describe(
        "when the article (first, sentence null) and each sentence that states its own date are set; other sentences speak from the article's; absent from analyses made before dates stage chrono2+rules-7",
      ),
    claims: z.array(claim).describe('numeric claims'),
    events: z.array(codedEvent).describe('political events coded with PLOVER types and CAMEO codes'),
    syntax: z
      .array(
        z
          .object({
            upos: z.array(z.string()).describe('Universal POS tag of each token'),
            heads: z.array(z.number().int().min(0)).describe("each token's head, 1-based; 0 is the root"),
            deprels: z.array(z.string()).describe('Universal Dependencies v2 relation of each token'),
          })
          .nullable(),
      )
      .optional()
      .describe(
        'per sentence (by index), its dependency parse; null where the sentence was not parsed; absent from analyses made before the syntax stage',
      ),
  })
  .describe('What Watchfloor understood of one article');

export function analysisJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://watchfloor.dev/schemas/analysis.schema.json',
    title: 'Watchfloor Analysis',
    ...z.toJSONSchema(analysisSchema),
  };
}
