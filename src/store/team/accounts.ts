import type { SqlClient, SqlValue } from '../sql/client.js';
import type { ApiToken, AuditActor, AuditEntry, Role, SessionRecord, User } from './types.js';

interface UserRow {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  disabled: number;
  created_at: string;
  updated_at: string;
}

const USER_COLUMNS = 'u.id, u.username, u.display_name, u.role, u.disabled, u.created_at, u.updated_at';

const toUser = (r: UserRow): User => ({
  id: Number(r.id),
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: Number(r.disabled) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const now = () => new Date().toISOString();

export class UserExistsError extends Error {
  override name = 'UserExistsError';
}

/** Writes an audit entry with the change it records, in the caller's transaction. */
export async function audit(
  sql: SqlClient,
  who: AuditActor,
  action: string,
  entity: string,
  entityId: string | number | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await sql.run(
    `INSERT INTO audit_log (at, user_id, actor, action, entity, entity_id, before_json, after_json, ip)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      now(),
      who.userId,
      who.name,
      action,
      entity,
      entityId === null ? null : String(entityId),
      before === undefined || before === null ? null : JSON.stringify(before),
      after === undefined || after === null ? null : JSON.stringify(after),
      who.ip ?? null,
    ],
  );
}

/** Accounts, sessions, API tokens, login attempts and the audit log. Secrets arrive here already hashed. */
export class Accounts {
  constructor(private readonly sql: SqlClient) {}

  async countUsers(): Promise<number> {
    const r = await this.sql.get<{ n: number | string }>('SELECT count(*) AS n FROM users');
    return Number(r?.n ?? 0);
  }

  async getUser(id: number): Promise<User | null> {
    const r = await this.sql.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`, [id]);
    return r ? toUser(r) : null;
  }

  /** The user and the stored password hash, for logging in. */
  async findForLogin(username: string): Promise<{ user: User; passwordHash: string } | null> {
    const r = await this.sql.get<UserRow & { password_hash: string }>(
      `SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.username = ?`,
      [username.toLowerCase()],
    );
    return r ? { user: toUser(r), passwordHash: r.password_hash } : null;
  }

  async listUsers(): Promise<User[]> {
    return (await this.sql.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.username`)).map(
      toUser,
    );
  }

  async createUser(
    input: { username: string; role: Role; passwordHash: string; displayName?: string | null },
    who: AuditActor,
  ): Promise<User> {
    return this.sql.tx(async (t) => {
      const username = input.username.toLowerCase();
      const exists = await t.get('SELECT 1 AS x FROM users WHERE username = ?', [username]);
      if (exists) throw new UserExistsError(`A user named "${username}" already exists.`);
      const at = now();
      const row = await t.get<UserRow>(
        `INSERT INTO users (username, display_name, role, password_hash, disabled, created_at, updated_at)
         VALUES (?, ?, ?, ?, 0, ?, ?)
         RETURNING id, username, display_name, role, disabled, created_at, updated_at`,
        [username, input.displayName ?? null, input.role, input.passwordHash, at, at],
      );
      const user = toUser(row as UserRow);
      await audit(t, who, 'create', 'user', user.id, null, user);
      return user;
    });
  }

  /** Changes role, name, password or the disabled flag; a role change or disabling ends the user's sessions. */
  async updateUser(
    id: number,
    change: { role?: Role; displayName?: string | null; disabled?: boolean; passwordHash?: string },
    who: AuditActor,
  ): Promise<User | null> {
    return this.sql.tx(async (t) => {
      const beforeRow = await t.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`, [id]);
      if (!beforeRow) return null;
      const before = toUser(beforeRow);
      const fields: Array<[string, SqlValue]> = [];
      if (change.role !== undefined) fields.push(['role', change.role]);
      if (change.displayName !== undefined) fields.push(['display_name', change.displayName]);
      if (change.disabled !== undefined) fields.push(['disabled', change.disabled ? 1 : 0]);
      if (change.passwordHash !== undefined) fields.push(['password_hash', change.passwordHash]);
      const sets = fields.map(([column]) => `${column} = ?`);
      const params = fields.map(([, value]) => value);
      if (!sets.length) return before;
      sets.push('updated_at = ?');
      params.push(now(), id);
      await t.run(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`, params);
      const after = toUser(
        (await t.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`, [id])) as UserRow,
      );
      if (change.role !== undefined || change.disabled || change.passwordHash !== undefined) {
        await t.run('DELETE FROM sessions WHERE user_id = ?', [id]);
      }
      // The hash never enters the log; that it changed does.
      await audit(
        t,
        who,
        change.passwordHash !== undefined ? 'update+password' : 'update',
        'user',
        id,
        before,
        after,
      );
      return after;
    });
  }

  async createSession(s: {
    idHash: string;
    userId: number;
    csrf: string;
    expiresAt: string;
    ip: string | null;
    userAgent: string | null;
  }): Promise<void> {
    const at = now();
    await this.sql.run(
      `INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at, last_seen_at, ip, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [s.idHash, s.userId, s.csrf, at, s.expiresAt, at, s.ip, s.userAgent],
    );
  }

  /** A live session of an enabled user, or null. */
  async getSession(idHash: string): Promise<SessionRecord | null> {
    const r = await this.sql.get<UserRow & { csrf: string; expires_at: string; last_seen_at: string }>(
      `SELECT ${USER_COLUMNS}, s.csrf, s.expires_at, s.last_seen_at
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
      [idHash, now()],
    );
    return r ? { user: toUser(r), csrf: r.csrf, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at } : null;
  }

  async touchSession(idHash: string, expiresAt: string): Promise<void> {
    await this.sql.run('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?', [
      now(),
      expiresAt,
      idHash,
    ]);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.sql.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
  }

  async createToken(
    input: { userId: number; name: string; tokenHash: string; role: Role },
    who: AuditActor,
  ): Promise<ApiToken> {
    return this.sql.tx(async (t) => {
      const row = await t.get<{ id: number }>(
        `INSERT INTO api_tokens (user_id, name, token_hash, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
        [input.userId, input.name, input.tokenHash, input.role, now()],
      );
      const token = (await this.tokenById(t, Number(row?.id))) as ApiToken;
      await audit(t, who, 'create', 'api_token', token.id, null, token);
      return token;
    });
  }

  private async tokenById(sql: SqlClient, id: number): Promise<ApiToken | null> {
    const r = await sql.get<{
      id: number;
      user_id: number;
      name: string;
      role: Role;
      created_at: string;
      last_used_at: string | null;
      revoked_at: string | null;
    }>('SELECT id, user_id, name, role, created_at, last_used_at, revoked_at FROM api_tokens WHERE id = ?', [
      id,
    ]);
    return r
      ? {
          id: Number(r.id),
          userId: Number(r.user_id),
          name: r.name,
          role: r.role,
          createdAt: r.created_at,
          lastUsedAt: r.last_used_at,
          revokedAt: r.revoked_at,
        }
      : null;
  }

  async listTokens(userId: number): Promise<ApiToken[]> {
    const ids = await this.sql.all<{ id: number }>(
      'SELECT id FROM api_tokens WHERE user_id = ? ORDER BY id',
      [userId],
    );
    const out: ApiToken[] = [];
    for (const { id } of ids) {
      const t = await this.tokenById(this.sql, Number(id));
      if (t) out.push(t);
    }
    return out;
  }

  /** The user behind a live token, with the token's role (never above the user's own). */
  async findToken(tokenHash: string): Promise<{ user: User; token: ApiToken } | null> {
    const r = await this.sql.get<UserRow & { token_id: number }>(
      `SELECT ${USER_COLUMNS}, t.id AS token_id FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0`,
      [tokenHash],
    );
    if (!r) return null;
    await this.sql.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [now(), r.token_id]);
    const token = await this.tokenById(this.sql, Number(r.token_id));
    return token ? { user: toUser(r), token } : null;
  }

  async revokeToken(id: number, userId: number | null, who: AuditActor): Promise<boolean> {
    return this.sql.tx(async (t) => {
      const before = await this.tokenById(t, id);
      if (!before || before.revokedAt || (userId !== null && before.userId !== userId)) return false;
      await t.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ?', [now(), id]);
      await audit(t, who, 'revoke', 'api_token', id, before, await this.tokenById(t, id));
      return true;
    });
  }

  /**
   * Counts a login attempt before its password is checked: in one transaction, the failures of the window
   * for this name and this address are counted and, under both limits, the attempt is written, as a failure
   * until `loginSucceeded` says otherwise. Attempts on one name or address take their turn (SQLite: the
   * write lock; PostgreSQL: advisory locks on both keys, in one order), so however many arrive at once no
   * more than `perUser` (and `perAddress`) reach the password check in a window. Returns the attempt's id,
   * or null when a limit is reached.
   */
  async reserveLogin(
    username: string,
    ip: string | null,
    limits: { since: string; perUser: number; perAddress: number },
  ): Promise<number | null> {
    const name = username.toLowerCase();
    return this.sql.tx(async (t) => {
      if (t.dialect === 'postgres') {
        const keys = [`login:user:${name}`, ...(ip === null ? [] : [`login:ip:${ip}`])].sort();
        for (const key of keys) await t.run('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
      }
      const failures = async (column: 'username' | 'ip', value: string) =>
        Number(
          (
            await t.get<{ n: number | string }>(
              `SELECT count(*) AS n FROM login_attempts WHERE ${column} = ? AND at > ? AND ok = 0`,
              [value, limits.since],
            )
          )?.n ?? 0,
        );
      if ((await failures('username', name)) >= limits.perUser) return null;
      if (ip !== null && (await failures('ip', ip)) >= limits.perAddress) return null;
      const row = await t.get<{ id: number | string }>(
        'INSERT INTO login_attempts (username, ip, at, ok) VALUES (?, ?, ?, 0) RETURNING id',
        [name, ip, now()],
      );
      return Number(row?.id);
    });
  }

  /** The reserved attempt turned out right: it no longer counts as a failure. */
  async loginSucceeded(attemptId: number): Promise<void> {
    await this.sql.run('UPDATE login_attempts SET ok = 1 WHERE id = ?', [attemptId]);
  }

  async listAudit(options: {
    limit: number;
    offset: number;
    entity?: string;
  }): Promise<{ total: number; items: AuditEntry[] }> {
    const where = options.entity ? 'WHERE entity = ?' : '';
    const params: SqlValue[] = options.entity ? [options.entity] : [];
    const total = await this.sql.get<{ n: number | string }>(
      `SELECT count(*) AS n FROM audit_log ${where}`,
      params,
    );
    const rows = await this.sql.all<{
      id: number;
      at: string;
      user_id: number | null;
      actor: string;
      action: string;
      entity: string;
      entity_id: string | null;
      before_json: string | null;
      after_json: string | null;
      ip: string | null;
    }>(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ? OFFSET ?`, [
      ...params,
      options.limit,
      options.offset,
    ]);
    return {
      total: Number(total?.n ?? 0),
      items: rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        userId: r.user_id === null ? null : Number(r.user_id),
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before_json ? (JSON.parse(r.before_json) as unknown) : null,
        after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
        ip: r.ip,
      })),
    };
  }
}
