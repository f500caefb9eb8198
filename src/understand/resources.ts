import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { mergeActorOverlay } from './actors/overlay.js';
import type { DictionaryActor } from './actors/types.js';
import { mergePlaceOverlay, type PlaceEdit } from './places/overlay.js';
import { ActorDictionary } from './actors/dictionary.js';
import type { EntityResources } from './entities/context.js';
import { Gazetteer } from './entities/gazetteer.js';
import { decodeModel, type EntityModel } from './entities/model-file.js';
import { decodeSyntaxModel, SYNTAX_MODEL_FILE, type SyntaxModel } from './syntax/index.js';
import { PlaceGazetteer } from './places/gazetteer.js';
import { Codebook } from './events/codebook.js';
import { EventDictionary } from './events/dictionary.js';
import type { CameoEntry, EventDictionaryFile } from './events/dictionary-file.js';

/** Files the understand stages ship with, relative to the package root. */
export const RESOURCE_FILES = {
  entityModel: join('models', 'entities.bin.gz'),
  syntaxModel: SYNTAX_MODEL_FILE,
  entityGazetteer: join('data', 'gazetteers', 'entities.tsv'),
  commonWords: join('data', 'lexicon', 'common-words.txt.gz'),
  actors: join('data', 'actors', 'actors.jsonl'),
  agents: join('data', 'actors', 'agents.tsv'),
  places: join('data', 'places', 'places.tsv.gz'),
  eventVerbs: join('data', 'events', 'verbs.json'),
  cameoPlover: join('data', 'events', 'cameo-plover.json'),
} as const;

export class ResourceError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ResourceError';
  }
}

function read(root: string, rel: string, rebuild: string): Buffer {
  const path = join(root, rel);
  if (!existsSync(path)) {
    throw new ResourceError(
      `Missing ${path}. It ships with Watchfloor; restore it from git or run ${rebuild}.`,
      path,
    );
  }
  return readFileSync(path);
}

function parseJson<T>(bytes: Buffer, rel: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (err) {
    throw new ResourceError(
      `${rel} is not valid JSON (${(err as Error).message}); restore it from git.`,
      rel,
    );
  }
}

export interface UnderstandResources {
  entityModel: EntityModel;
  entity: EntityResources;
  /** The UPOS tagger and dependency parser. */
  syntaxModel: SyntaxModel;
  actors: ActorDictionary;
  /** Content hash of the dictionary files: an edit makes stored actor links stale. */
  actorsVersion: string;
  places: PlaceGazetteer;
  /** Content hash of the place gazetteer: a rebuilt gazetteer makes stored place links stale. */
  placesVersion: string;
  events: { dictionary: EventDictionary; codebook: Codebook };
  /** Content hash of the verb dictionary and the CAMEO → PLOVER table. */
  eventsVersion: string;
  /** What the entity tagger needs: its model, gazetteer and common-word list. */
  modelLoadMs: number;
  /** Everything: the model, the gazetteers, the dictionaries. */
  loadMs: number;
}

/** Loads every shipped model and list once; the analyzer keeps them for the life of the process. */
export interface ResourceOverlay {
  /** Team edits of the actor dictionary (new actors, or replacements of shipped ones). */
  actors?: readonly DictionaryActor[];
  /** Team edits of the place gazetteer. */
  places?: readonly PlaceEdit[];
}

export function loadResources(root: string, overlay: ResourceOverlay = {}): UnderstandResources {
  const started = performance.now();
  const entityModel = decodeModel(
    read(root, RESOURCE_FILES.entityModel, 'npm run train:entities'),
    RESOURCE_FILES.entityModel,
  );
  const gazetteer = Gazetteer.fromTsv(
    read(root, RESOURCE_FILES.entityGazetteer, 'npm run build:gazetteer').toString('utf8'),
  );
  const commonWords = new Set(
    gunzipSync(read(root, RESOURCE_FILES.commonWords, 'npm run build:lexicon'))
      .toString('utf8')
      .split('\n')
      .filter(Boolean),
  );
  // What the tagger needs to run: the model, its gazetteer and the common-word list.
  const modelLoadMs = performance.now() - started;
  const actorsFile = read(root, RESOURCE_FILES.actors, 'npm run build:actors');
  const agentsFile = read(root, RESOURCE_FILES.agents, 'npm run build:actors');
  const actorsText = mergeActorOverlay(actorsFile.toString('utf8'), overlay.actors ?? []);
  const actors = ActorDictionary.fromFiles(actorsText, agentsFile.toString('utf8'));
  // Edits change the version, so analyses made before them are stale and `reanalyze` redoes them.
  const hash = createHash('sha256').update(actorsFile).update(agentsFile);
  if (overlay.actors?.length) hash.update(JSON.stringify(overlay.actors));
  const actorsVersion = hash.digest('hex').slice(0, 12);
  const placesFile = read(root, RESOURCE_FILES.places, 'npm run build:places');
  const places = PlaceGazetteer.fromTsv(
    mergePlaceOverlay(gunzipSync(placesFile).toString('utf8'), overlay.places ?? []),
  );
  const placesHash = createHash('sha256').update(placesFile);
  if (overlay.places?.length) placesHash.update(JSON.stringify(overlay.places));
  const placesVersion = placesHash.digest('hex').slice(0, 12);
  const verbsFile = read(root, RESOURCE_FILES.eventVerbs, 'npm run build:events');
  const cameoFile = read(root, RESOURCE_FILES.cameoPlover, 'npm run build:events');
  const events = {
    dictionary: new EventDictionary(parseJson<EventDictionaryFile>(verbsFile, RESOURCE_FILES.eventVerbs)),
    codebook: new Codebook(parseJson<Record<string, CameoEntry>>(cameoFile, RESOURCE_FILES.cameoPlover)),
  };
  const syntaxModel = decodeSyntaxModel(
    read(root, RESOURCE_FILES.syntaxModel, 'npm run train:syntax'),
    RESOURCE_FILES.syntaxModel,
  );
  const eventsVersion = createHash('sha256').update(verbsFile).update(cameoFile).digest('hex').slice(0, 12);
  return {
    entityModel,
    entity: { gazetteer, commonWords },
    syntaxModel,
    actors,
    actorsVersion,
    places,
    placesVersion,
    events,
    eventsVersion,
    modelLoadMs,
    loadMs: performance.now() - started,
  };
}
