import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { createApp } from '../../src/serve/server.js';
import { ENGINES } from '../helpers/engines.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { article } from '../store/contract.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

for (const [kind, engine] of ENGINES) {
  describe(`corrections over HTTP (${kind})`, () => {
    it('win over machine output in the analysis and in search, survive re-analysis, and export as training data', async () => {
      assertBuilt();
      const e = await engine();
      const dir = mkdtempSync(join(tmpdir(), 'wf-corr-web-'));
      let store = await e.open();
      const input = toArticleInput(article(), 'url');
      input.analysis = createAnalyzer(loadResources(packageRoot())).analyze(input);
      const { articleId } = await store.saveArticle(input);
      const text = input.text;
      let app = createApp(store, { webRoot: dir });
      const csrf = ((await (await app.request('/api/session')).json()) as { csrf: string }).csrf;
      const post = (body: unknown) =>
        app.request(`/api/articles/${articleId}/corrections`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify(body),
        });

      const assault = input.analysis.events.find((e) => e.type === 'ASSAULT')!;
      expect(assault).toBeDefined();
      const retype = await post({
        kind: 'event',
        action: 'set',
        start: assault.trigger.start,
        end: assault.trigger.end,
        type: 'COERCE',
      });
      expect(retype.status).toBe(201);
      expect(
        ((await retype.json()) as { correction: { machine: { type: string } } }).correction.machine.type,
      ).toBe('ASSAULT');
      const moscow = text.indexOf('Moscow');
      const relink = await post({
        kind: 'actor',
        action: 'link',
        start: moscow,
        end: moscow + 6,
        actorId: 'country:TUR',
      });
      expect(relink.status).toBe(201);
      expect(
        (
          await post({
            kind: 'actor',
            action: 'link',
            start: moscow,
            end: moscow + 6,
            actorId: 'nobody:here',
          })
        ).status,
      ).toBe(400);
      // Places are linked by gazetteer id; the server fills in the rest.
      const damascus = text.indexOf('Damascus');
      expect(
        (await post({ kind: 'place', action: 'link', start: damascus, end: damascus + 8, placeId: '170654' }))
          .status,
      ).toBe(201);
      expect(
        (
          await post({
            kind: 'place',
            action: 'link',
            start: damascus,
            end: damascus + 8,
            placeId: 'nowhere:1',
          })
        ).status,
      ).toBe(400);
      expect(
        (await post({ kind: 'entity', action: 'add', start: 5, end: 10_000_000, type: 'PER' })).status,
      ).toBe(400);
      expect((await post({ kind: 'colour', action: 'remove', start: 1, end: 2 })).status).toBe(400);

      const check = async () => {
        const a = (await (await app.request(`/api/articles/${articleId}/analysis`)).json()) as {
          events: Array<{ type: string; trigger: { start: number } }>;
          actors: Array<{ id: string; actorId: string }>;
          actorMentions: Array<{ actor: string; span: { start: number } }>;
        };
        expect(a.events.find((e) => e.trigger.start === assault.trigger.start)?.type).toBe('COERCE');
        const m = a.actorMentions.find((x) => x.span.start === moscow);
        expect(a.actors.find((x) => x.id === m?.actor)?.actorId).toBe('country:TUR');
        // The derived tables follow: search by the corrected actor finds the article.
        const hits = (await (
          await app.request(`/api/search?q=${encodeURIComponent('actor:"country:TUR"')}`)
        ).json()) as { total: number };
        expect(hits.total).toBe(1);
      };
      await check();

      // Re-analysis by the CLI redoes the machine's reading and applies the corrections again.
      await store.close();
      const re = await runCli(['reanalyze', '--all', ...e.cli.args, '--json'], e.cli.env);
      expect(re.code, re.stderr).toBe(0);
      store = await e.open();
      app = createApp(store, { webRoot: dir });
      await check();

      const lines = (await (await app.request('/api/corrections/export')).text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatchObject({
        kind: 'event',
        action: 'set',
        machine: { type: 'ASSAULT' },
        corrected: { type: 'COERCE' },
      });
      expect((lines[1] as { span: { text: string } }).span.text).toBe('Moscow');
      expect((lines[1] as { sentence: { text: string } }).sentence.text).toContain('Moscow');
      expect(lines[2]).toMatchObject({
        kind: 'place',
        corrected: { place: { id: '170654', country: 'SY' } },
      });
      await store.close();
      await e.drop();
    }, 120_000);
  });
}
