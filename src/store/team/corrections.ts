import type { Correction, CorrectionInput } from '../../understand/corrections.js';
import type { SqlClient } from '../sql/client.js';
import { audit } from './accounts.js';
import type { AuditActor } from './types.js';

export interface StoredCorrection {
  id: number;
  articleId: number;
  correction: Correction;
  spanText: string;
  /** What the machine had said at this span when the correction was made (null: it had missed it). */
  machine: unknown;
  author: string;
  createdAt: string;
  revokedAt: string | null;
}

interface Row {
  id: number;
  article_id: number;
  text_sha256: string;
  kind: Correction['kind'];
  action: string;
  span_start: number;
  span_end: number;
  span_text: string;
  value_json: string | null;
  machine_json: string | null;
  author: string;
  created_at: string;
  revoked_at: string | null;
}

const toStored = (r: Row): StoredCorrection => ({
  id: Number(r.id),
  articleId: Number(r.article_id),
  correction: {
    id: Number(r.id),
    textSha256: r.text_sha256,
    kind: r.kind,
    action: r.action,
    start: Number(r.span_start),
    end: Number(r.span_end),
    ...(r.value_json ? (JSON.parse(r.value_json) as object) : {}),
  } as Correction,
  spanText: r.span_text,
  machine: r.machine_json ? (JSON.parse(r.machine_json) as unknown) : null,
  author: r.author,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** The fields of a correction beyond kind, action and span, stored as JSON. */
function valueOf(c: Correction): object | null {
  const { id: _i, textSha256: _t, kind: _k, action: _a, start: _s, end: _e, ...rest } = c;
  return Object.keys(rest).length ? rest : null;
}

export class Corrections {
  constructor(private readonly sql: SqlClient) {}

  async add(
    articleId: number,
    c: CorrectionInput,
    spanText: string,
    machine: unknown,
    who: AuditActor,
  ): Promise<StoredCorrection> {
    return this.sql.tx(async (t) => {
      const r = await t.get<{ id: number }>(
        `INSERT INTO corrections (article_id, text_sha256, kind, action, span_start, span_end, span_text, value_json, machine_json, author_id, author, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [
          articleId,
          c.textSha256,
          c.kind,
          c.action,
          c.start,
          c.end,
          spanText,
          JSON.stringify(valueOf({ ...c, id: 0 } as Correction)),
          machine === undefined ? null : JSON.stringify(machine),
          who.userId,
          who.name,
          new Date().toISOString(),
        ],
      );
      const stored = toStored(
        (await t.get<Row>('SELECT * FROM corrections WHERE id = ?', [Number(r?.id)])) as Row,
      );
      await audit(t, who, 'create', 'correction', stored.id, machine ?? null, stored.correction);
      return stored;
    });
  }

  async forArticle(articleId: number, includeRevoked = false): Promise<StoredCorrection[]> {
    const rows = await this.sql.all<Row>(
      `SELECT * FROM corrections WHERE article_id = ?${includeRevoked ? '' : ' AND revoked_at IS NULL'} ORDER BY id`,
      [articleId],
    );
    return rows.map(toStored);
  }

  async all(options: { limit: number; afterId: number }): Promise<StoredCorrection[]> {
    const rows = await this.sql.all<Row>(
      'SELECT * FROM corrections WHERE revoked_at IS NULL AND id > ? ORDER BY id LIMIT ?',
      [options.afterId, options.limit],
    );
    return rows.map(toStored);
  }

  async revoke(id: number, who: AuditActor): Promise<StoredCorrection | null> {
    return this.sql.tx(async (t) => {
      const before = await t.get<Row>('SELECT * FROM corrections WHERE id = ? AND revoked_at IS NULL', [id]);
      if (!before) return null;
      await t.run('UPDATE corrections SET revoked_at = ? WHERE id = ?', [new Date().toISOString(), id]);
      const after = toStored((await t.get<Row>('SELECT * FROM corrections WHERE id = ?', [id])) as Row);
      await audit(t, who, 'revoke', 'correction', id, toStored(before).correction, null);
      return after;
    });
  }
}
