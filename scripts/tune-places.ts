import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGeoCorpus } from '../eval/geocorpus.js';
import { sharedData } from '../eval/entities.js';
import { distanceKm } from '../src/understand/places/geo.js';
import { resolveGiven } from '../src/understand/places/geoparse.js';
import { DEFAULT_WEIGHTS, type ResolveWeights } from '../src/understand/places/resolve.js';
import type { Toponym } from '../src/understand/places/types.js';
import { createAnalyzer } from '../src/understand/pipeline.js';
import { loadResources } from '../src/understand/resources.js';
import { packageRoot } from '../src/config/config.js';

// `npx tsx scripts/tune-places.ts`: a coordinate search over the resolver's weights on LGL gold spans
// (accuracy within 161 km). Only LGL: TR-News is the held-out set and is never read here.

const resources = loadResources(packageRoot());
const analyzer = createAnalyzer(resources);
const articles = parseGeoCorpus(readFileSync(join(sharedData(), 'geoparsing', 'lgl.xml'), 'utf8'));
const docs = articles.map((art) => {
  const analysis = analyzer.analyze({ text: art.text, language: 'en' });
  const given: Toponym[] = art.toponyms.map((t) => ({
    span: { sentence: 0, start: t.start, end: t.end, text: t.phrase },
    entity: null,
    source: 'gold',
  }));
  return { art, actors: analysis.actors, given };
});
const demonym = (w: string): string | undefined => resources.actors.countryByDemonym(w)?.country ?? undefined;

function acc(weights: ResolveWeights): number {
  let ok = 0;
  let n = 0;
  for (const d of docs) {
    const out = resolveGiven(
      d.given,
      { text: d.art.text, actors: d.actors },
      resources.places,
      demonym,
      weights,
    );
    d.art.toponyms.forEach((t, i) => {
      if (t.lat === null || t.lon === null) return;
      n++;
      const p = out[i]?.place;
      if (p && distanceKm(t.lat, t.lon, p.lat, p.lon) <= 161) ok++;
    });
  }
  return ok / n;
}

let best = { ...DEFAULT_WEIGHTS };
let bestAcc = acc(best);
process.stdout.write(`start ${bestAcc.toFixed(4)} ${JSON.stringify(best)}\n`);
const steps: Record<keyof ResolveWeights, number[]> = {
  size: [0.2, 0.3, 0.45, 0.6, 0.8, 1.0],
  exact: [0, 0.15, 0.3, 0.45, 0.6],
  country: [0.5, 1, 1.6, 2.2, 3, 4],
  near: [0.1, 0.2, 0.3, 0.45, 0.6, 0.8],
  nearKm: [100, 150, 250, 400, 600],
  sameAdmin: [0, 0.15, 0.3, 0.5],
  admin: [0, 0.5, 1, 1.5, 2.5],
};
for (let pass = 0; pass < 2; pass++) {
  for (const key of Object.keys(steps) as (keyof ResolveWeights)[]) {
    for (const v of steps[key]) {
      const trial = { ...best, [key]: v };
      const a = acc(trial);
      if (a > bestAcc + 1e-9) {
        bestAcc = a;
        best = trial;
        process.stdout.write(`  ${key}=${v} → ${a.toFixed(4)}\n`);
      }
    }
  }
}
process.stdout.write(`best ${bestAcc.toFixed(4)} ${JSON.stringify(best)}\n`);
