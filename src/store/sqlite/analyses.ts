import type Database from 'better-sqlite3';
import type { Analysis } from '../../understand/types.js';
import {
  ANALYSIS_TABLES,
  analysisRecord,
  analysisRows,
  type Cell,
  UPSERT_ANALYSIS,
} from '../analysis-rows.js';
import { facetArgs, shareChanges, SUMMARY_SQL, type Share } from '../summaries.js';

/** better-sqlite3 binds no booleans: flags go in as 0/1. */
const bind = (row: Cell[]) => row.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));

/** Analyses and their entity mentions: written with an article, or on their own by re-analysis. */
export class SqliteAnalyses {
  private readonly st;

  constructor(db: Database.Database) {
    this.st = {
      upsert: db.prepare(UPSERT_ANALYSIS),
      // An article's rows are deleted last table first: event_actors before their events.
      deletes: [...ANALYSIS_TABLES]
        .reverse()
        .map((t) => db.prepare(`DELETE FROM ${t.table} WHERE article_id = ?`)),
      inserts: ANALYSIS_TABLES.map((t) => ({
        rows: t.rows,
        st: db.prepare(
          `INSERT INTO ${t.table} (${t.columns.map(([n]) => n).join(', ')})
           VALUES (${t.columns.map(() => '?').join(', ')}) ${t.onConflict ?? ''}`,
        ),
      })),
      refreshQuoteDates: db.prepare('UPDATE quotes SET published_at = ? WHERE article_id = ?'),
      refreshClaimDates: db.prepare('UPDATE claims SET published_at = ? WHERE article_id = ?'),
      article: db.prepare('SELECT published_at FROM articles WHERE id = ?'),
      refreshFacetDates: db.prepare(SUMMARY_SQL.refreshFacetDates),
      deleteFacets: db.prepare(SUMMARY_SQL.deleteFacets),
      insertFacets: db.prepare(SUMMARY_SQL.insertFacets),
      shareActors: db.prepare(SUMMARY_SQL.shareActors),
      shareTypes: db.prepare(SUMMARY_SQL.shareTypes),
      sharePartners: db.prepare(SUMMARY_SQL.sharePartners),
      addActorCount: db.prepare(
        `INSERT INTO actor_counts (actor_id, mentions, articles) VALUES (?, ?, ?) ${SUMMARY_SQL.addActorCount}`,
      ),
      dropActorCount: db.prepare('DELETE FROM actor_counts WHERE actor_id = ? AND articles <= 0'),
      addTypeCount: db.prepare(
        `INSERT INTO actor_event_counts (actor_id, type, role, n) VALUES (?, ?, ?, ?) ${SUMMARY_SQL.addTypeCount}`,
      ),
      dropTypeCount: db.prepare(
        'DELETE FROM actor_event_counts WHERE actor_id = ? AND type = ? AND role = ? AND n <= 0',
      ),
      addPartner: db.prepare(
        `INSERT INTO actor_partners (actor_id, partner_id, name, acts_on, acted_on_by) VALUES (?, ?, ?, ?, ?)
         ${SUMMARY_SQL.addPartner}`,
      ),
      dropPartner: db.prepare(
        'DELETE FROM actor_partners WHERE actor_id = ? AND partner_id = ? AND acts_on <= 0 AND acted_on_by <= 0',
      ),
      jobProgress: db.prepare('UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?'),
    };
  }

  /** Call inside a transaction. Returns false when the article no longer exists. */
  save(articleId: number, analysis: Analysis, job?: { id: number; progress: number }): boolean {
    const now = new Date().toISOString();
    if (job) this.st.jobProgress.run(job.progress, now, job.id);
    const article = this.st.article.get(articleId) as { published_at: string | null } | undefined;
    if (!article) return false;
    const before = this.share(articleId);
    this.st.upsert.run(...bind(analysisRecord(articleId, analysis, now)));
    const rows = analysisRows(articleId, analysis, article.published_at);
    for (const d of this.st.deletes) d.run(articleId);
    for (const { rows: kind, st } of this.st.inserts) for (const r of rows[kind]) st.run(...bind(r));
    this.st.deleteFacets.run(articleId);
    this.st.insertFacets.run(...facetArgs(articleId, article.published_at));
    this.applyShares(before, this.share(articleId));
    return true;
  }

  /** What one article adds to the per-actor counters, read from its stored rows. */
  private share(articleId: number): Share {
    return {
      actors: this.st.shareActors.all(articleId) as Share['actors'],
      types: this.st.shareTypes.all(articleId) as Share['types'],
      partners: this.st.sharePartners.all(articleId) as Share['partners'],
    };
  }

  /** Moves the counters from an article's old share to its new one (../summaries.ts). */
  private applyShares(before: Share, after: Share): void {
    const change = shareChanges(before, after);
    for (const a of change.actors) {
      this.st.addActorCount.run(a.actorId, a.mentions, a.articles);
      if (a.articles < 0) this.st.dropActorCount.run(a.actorId);
    }
    for (const t of change.types) {
      this.st.addTypeCount.run(t.actorId, t.type, t.role, t.n);
      if (t.n < 0) this.st.dropTypeCount.run(t.actorId, t.type, t.role);
    }
    for (const p of change.partners) {
      this.st.addPartner.run(p.actorId, p.partnerId, p.name, p.actsOn, p.actedOnBy);
      if (p.actsOn < 0 || p.actedOnBy < 0) this.st.dropPartner.run(p.actorId, p.partnerId);
    }
  }

  /**
   * Call inside the transaction that revised an article without a new analysis: the rows that copy its
   * publication date follow it.
   */
  refreshDates(articleId: number): void {
    const article = this.st.article.get(articleId) as { published_at: string | null } | undefined;
    if (!article) return;
    this.st.refreshQuoteDates.run(article.published_at, articleId);
    this.st.refreshFacetDates.run(article.published_at, articleId);
    this.st.refreshClaimDates.run(article.published_at, articleId);
  }
}
