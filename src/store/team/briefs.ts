import type { SqlClient, SqlValue } from '../sql/client.js';
import { audit } from './accounts.js';
import type { AuditActor } from './types.js';

export type BriefStatus = 'draft' | 'review' | 'published';

export interface Brief {
  id: number;
  authorId: number | null;
  author: string;
  title: string;
  body: string;
  status: BriefStatus;
  slug: string | null;
  publishedBy: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

interface Row {
  id: number;
  author_id: number | null;
  author: string;
  title: string;
  body: string;
  status: BriefStatus;
  slug: string | null;
  published_by: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

const toBrief = (r: Row): Brief => ({
  id: Number(r.id),
  authorId: r.author_id === null ? null : Number(r.author_id),
  author: r.author,
  title: r.title,
  body: r.body,
  status: r.status,
  slug: r.slug,
  publishedBy: r.published_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  publishedAt: r.published_at,
});
const now = () => new Date().toISOString();

/** The moves a brief may make; publishing goes through review. */
export const TRANSITIONS: Record<BriefStatus, readonly BriefStatus[]> = {
  draft: ['review'],
  review: ['draft', 'published'],
  published: ['draft'],
};

export function slugify(title: string, id: number): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'brief'}-${id}`;
}

export class Briefs {
  constructor(private readonly sql: SqlClient) {}

  async list(status?: BriefStatus): Promise<Brief[]> {
    const where = status ? 'WHERE status = ?' : '';
    const params: SqlValue[] = status ? [status] : [];
    return (
      await this.sql.all<Row>(
        `SELECT * FROM briefs ${where} ORDER BY coalesce(published_at, updated_at) DESC, id DESC`,
        params,
      )
    ).map(toBrief);
  }

  async get(id: number): Promise<Brief | null> {
    const r = await this.sql.get<Row>('SELECT * FROM briefs WHERE id = ?', [id]);
    return r ? toBrief(r) : null;
  }

  /** Only a published brief, by its public slug: nothing unpublished is reachable this way. */
  async published(slug: string): Promise<Brief | null> {
    const r = await this.sql.get<Row>("SELECT * FROM briefs WHERE slug = ? AND status = 'published'", [slug]);
    return r ? toBrief(r) : null;
  }

  async create(input: { title: string; body: string }, who: AuditActor): Promise<Brief> {
    return this.sql.tx(async (t) => {
      const at = now();
      const r = await t.get<{ id: number }>(
        `INSERT INTO briefs (author_id, author, title, body, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', ?, ?) RETURNING id`,
        [who.userId, who.name, input.title, input.body, at, at],
      );
      const b = toBrief((await t.get<Row>('SELECT * FROM briefs WHERE id = ?', [Number(r?.id)])) as Row);
      await audit(t, who, 'create', 'brief', b.id, null, b);
      return b;
    });
  }

  async update(
    id: number,
    change: { title?: string; body?: string },
    who: AuditActor,
  ): Promise<Brief | null> {
    return this.sql.tx(async (t) => {
      const before = await t.get<Row>('SELECT * FROM briefs WHERE id = ?', [id]);
      if (!before) return null;
      const fields: Array<[string, SqlValue]> = [];
      if (change.title !== undefined) fields.push(['title', change.title]);
      if (change.body !== undefined) fields.push(['body', change.body]);
      fields.push(['updated_at', now()]);
      await t.run(`UPDATE briefs SET ${fields.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`, [
        ...fields.map(([, v]) => v),
        id,
      ]);
      const after = toBrief((await t.get<Row>('SELECT * FROM briefs WHERE id = ?', [id])) as Row);
      await audit(t, who, 'update', 'brief', id, toBrief(before), after);
      return after;
    });
  }

  async setStatus(id: number, status: BriefStatus, who: AuditActor): Promise<Brief | null> {
    return this.sql.tx(async (t) => {
      const before = await t.get<Row>('SELECT * FROM briefs WHERE id = ?', [id]);
      if (!before) return null;
      const at = now();
      if (status === 'published') {
        await t.run(
          "UPDATE briefs SET status = 'published', slug = ?, published_by = ?, published_at = ?, updated_at = ? WHERE id = ?",
          [before.slug ?? slugify(before.title, id), who.name, at, at, id],
        );
      } else {
        await t.run('UPDATE briefs SET status = ?, updated_at = ? WHERE id = ?', [status, at, id]);
      }
      const after = toBrief((await t.get<Row>('SELECT * FROM briefs WHERE id = ?', [id])) as Row);
      await audit(
        t,
        who,
        status === 'published' ? 'publish' : `status:${status}`,
        'brief',
        id,
        toBrief(before),
        after,
      );
      return after;
    });
  }
}
