import type Database from 'better-sqlite3';
import type { Analysis } from '../../understand/types.js';
import { versionsKey } from '../../understand/versions.js';
import type { AnalysisTarget } from '../types.js';

/** Lower case, no diacritics, single spaces: the form entity pages group mentions by. */
export function normaliseName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Analyses and their entity mentions: written with an article, or on their own by re-analysis. */
export class SqliteAnalyses {
  private readonly st;

  constructor(private readonly db: Database.Database) {
    this.st = {
      upsert: db.prepare(
        `INSERT INTO analyses (article_id, schema_version, versions_key, text_sha256, analysis, analyzed_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (article_id) DO UPDATE SET schema_version = excluded.schema_version,
           versions_key = excluded.versions_key, text_sha256 = excluded.text_sha256,
           analysis = excluded.analysis, analyzed_at = excluded.analyzed_at`,
      ),
      deleteMentions: db.prepare('DELETE FROM entity_mentions WHERE article_id = ?'),
      insertMention: db.prepare(
        `INSERT INTO entity_mentions (article_id, idx, type, text, norm, sentence, start, "end", confidence)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteActorMentions: db.prepare('DELETE FROM actor_mentions WHERE article_id = ?'),
      insertActorMention: db.prepare(
        `INSERT INTO actor_mentions (article_id, idx, actor_id, name, kind, codes, via, sentence, start, "end", confidence)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deletePlaces: db.prepare('DELETE FROM place_mentions WHERE article_id = ?'),
      insertPlace: db.prepare(
        `INSERT INTO place_mentions (article_id, idx, place_id, geonameid, name, norm, country, admin1, fcode, lat, lon,
           sentence, start, "end", confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteEventActors: db.prepare('DELETE FROM event_actors WHERE article_id = ?'),
      deleteEvents: db.prepare('DELETE FROM events WHERE article_id = ?'),
      insertEvent: db.prepare(
        `INSERT INTO events (article_id, idx, type, mode, cameo, quad_class, goldstein, date, date_precision, place_id,
           place_name, country, lat, lon, negated, intended, sentence, start, "end", confidence)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertEventActor: db.prepare(
        `INSERT OR IGNORE INTO event_actors (article_id, event_idx, role, actor_id, name, codes) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      exists: db.prepare('SELECT 1 FROM articles WHERE id = ?'),
      get: db.prepare('SELECT analysis FROM analyses WHERE article_id = ?'),
      stale: db.prepare(
        `SELECT a.id, a.text, a.title, a.published_at, a.language FROM articles a
         LEFT JOIN analyses n ON n.article_id = a.id
         WHERE a.id > @afterId AND a.id <= @toId AND (@all = 1 OR n.versions_key IS NOT @key)
         ORDER BY a.id LIMIT @limit`,
      ),
      ranges: db.prepare(
        `SELECT (a.id - 1) / CAST(@size AS INTEGER) AS bucket, count(*) AS n FROM articles a
         LEFT JOIN analyses n ON n.article_id = a.id
         WHERE @all = 1 OR n.versions_key IS NOT @key
         GROUP BY bucket ORDER BY bucket`,
      ),
      counts: db.prepare(
        `SELECT sum(CASE WHEN n.versions_key = @key THEN 1 ELSE 0 END) AS current,
                sum(CASE WHEN n.article_id IS NOT NULL AND n.versions_key != @key THEN 1 ELSE 0 END) AS stale,
                sum(CASE WHEN n.article_id IS NULL THEN 1 ELSE 0 END) AS missing
         FROM articles a LEFT JOIN analyses n ON n.article_id = a.id`,
      ),
      invalidate: db.prepare(`UPDATE analyses SET versions_key = 'invalidated'`),
      jobProgress: db.prepare('UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?'),
    };
  }

  /** Call inside a transaction. Returns false when the article no longer exists. */
  save(articleId: number, analysis: Analysis, job?: { id: number; progress: number }): boolean {
    const now = new Date().toISOString();
    if (job) this.st.jobProgress.run(job.progress, now, job.id);
    if (!this.st.exists.get(articleId)) return false;
    const key = versionsKey(
      Object.fromEntries(Object.entries(analysis.stages).map(([k, v]) => [k, v.version])),
    );
    this.st.upsert.run(
      articleId,
      analysis.schemaVersion,
      key,
      analysis.textSha256,
      JSON.stringify(analysis),
      now,
    );
    this.st.deleteMentions.run(articleId);
    analysis.entities.forEach((m, i) => {
      this.st.insertMention.run(
        articleId,
        i,
        m.type,
        m.span.text,
        normaliseName(m.span.text),
        m.span.sentence,
        m.span.start,
        m.span.end,
        m.confidence,
      );
    });
    this.st.deleteActorMentions.run(articleId);
    const actors = new Map((analysis.actors ?? []).map((a) => [a.id, a]));
    (analysis.actorMentions ?? []).forEach((m, i) => {
      const a = actors.get(m.actor);
      if (!a) return;
      this.st.insertActorMention.run(
        articleId,
        i,
        a.actorId,
        a.name,
        a.kind,
        a.codes.join(' '),
        m.via,
        m.span.sentence,
        m.span.start,
        m.span.end,
        m.confidence,
      );
    });
    this.savePlacesAndEvents(articleId, analysis);
    return true;
  }

  /** Analyses stored before the places and events stages have neither slot; they are simply absent. */
  private savePlacesAndEvents(articleId: number, analysis: Analysis): void {
    this.st.deletePlaces.run(articleId);
    const places = new Map((analysis.places ?? []).map((p) => [p.id, p]));
    (analysis.places ?? []).forEach((m, i) => {
      const p = m.place;
      this.st.insertPlace.run(
        articleId,
        i,
        p?.id ?? null,
        p?.geonameId ?? null,
        p?.name ?? null,
        normaliseName(m.span.text),
        p?.country ?? null,
        p?.admin1 ?? null,
        p?.featureCode ?? null,
        p?.lat ?? null,
        p?.lon ?? null,
        m.span.sentence,
        m.span.start,
        m.span.end,
        m.confidence,
      );
    });
    this.st.deleteEventActors.run(articleId);
    this.st.deleteEvents.run(articleId);
    const actors = new Map((analysis.actors ?? []).map((a) => [a.id, a]));
    (analysis.events ?? []).forEach((e, i) => {
      const place = e.place ? places.get(e.place)?.place : null;
      this.st.insertEvent.run(
        articleId,
        i,
        e.type,
        e.mode,
        e.cameo,
        e.quadClass,
        e.goldstein,
        e.date,
        e.datePrecision,
        place?.id ?? null,
        place?.name ?? null,
        place?.country ?? null,
        place?.lat ?? null,
        place?.lon ?? null,
        e.negated ? 1 : 0,
        e.intended ? 1 : 0,
        e.span.sentence,
        e.trigger.start,
        e.trigger.end,
        e.confidence,
      );
      for (const [role, ids] of [
        ['source', e.sources],
        ['target', e.targets],
      ] as const) {
        for (const id of ids) {
          const a = actors.get(id);
          if (a) this.st.insertEventActor.run(articleId, i, role, a.actorId, a.name, a.codes.join(' '));
        }
      }
    });
  }

  get(articleId: number): Analysis | null {
    const row = this.st.get.get(articleId) as { analysis: string } | undefined;
    return row ? (JSON.parse(row.analysis) as Analysis) : null;
  }

  toAnalyze(o: {
    versionsKey: string;
    afterId: number;
    toId?: number;
    limit: number;
    all?: boolean;
  }): AnalysisTarget[] {
    const rows = this.st.stale.all({
      afterId: o.afterId,
      toId: o.toId ?? Number.MAX_SAFE_INTEGER,
      all: o.all ? 1 : 0,
      key: o.versionsKey,
      limit: o.limit,
    }) as Array<{
      id: number;
      text: string;
      title: string | null;
      published_at: string | null;
      language: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      text: r.text,
      title: r.title,
      publishedAt: r.published_at,
      language: r.language,
    }));
  }

  ranges(o: {
    versionsKey: string;
    size: number;
    all?: boolean;
  }): Array<{ fromId: number; toId: number; count: number }> {
    const size = Math.max(1, Math.floor(o.size));
    const rows = this.st.ranges.all({ size, all: o.all ? 1 : 0, key: o.versionsKey }) as Array<{
      bucket: number;
      n: number;
    }>;
    return rows.map((r) => ({ fromId: r.bucket * size + 1, toId: (r.bucket + 1) * size, count: r.n }));
  }

  invalidate(): number {
    return this.st.invalidate.run().changes;
  }

  counts(key: string): { current: number; stale: number; missing: number } {
    const r = this.st.counts.get({ key }) as {
      current: number | null;
      stale: number | null;
      missing: number | null;
    };
    return { current: r.current ?? 0, stale: r.stale ?? 0, missing: r.missing ?? 0 };
  }
}
