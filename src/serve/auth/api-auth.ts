import type { Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Team } from '../../store/team/team.js';
import { UserExistsError } from '../../store/team/accounts.js';
import { roleAtLeast, type AuditActor } from '../../store/team/types.js';
import { remoteAddress, SESSION_COOKIE, SESSION_IDLE_MS, type Principal } from './middleware.js';
import { DUMMY_HASH, hashPassword, passwordProblem, randomToken, sha256, verifyPassword } from './secrets.js';
import { parseBody, parseQueryParams } from '../validate.js';

// Accounts over HTTP: log in and out, one's own password and API tokens, and (admins) users and the audit log.

const LOGIN_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_USER = 5;
const MAX_FAILURES_PER_ADDRESS = 30;

const role = z.enum(['admin', 'analyst', 'viewer']);
export const AUTH_SCHEMAS = {
  login: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(512) }),
  password: z.object({ current: z.string().max(512).optional(), next: z.string().max(512) }),
  token: z.object({ name: z.string().min(1).max(100), role: role.optional() }),
  newUser: z.object({
    username: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/i, 'letters, digits, dot, dash or underscore; 2 to 63 characters'),
    role,
    password: z.string().max(512),
    displayName: z.string().max(200).optional(),
  }),
  userChange: z.object({
    role: role.optional(),
    disabled: z.boolean().optional(),
    displayName: z.string().max(200).nullable().optional(),
    password: z.string().max(512).optional(),
  }),
  audit: z.object({
    entity: z.string().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  }),
} as const;

export const actorOf = (p: Principal | null, c: Context): AuditActor => ({
  userId: p?.user?.id ?? null,
  name: p?.user?.username ?? (p?.via === 'local' ? 'local' : 'anonymous'),
  ip: remoteAddress(c),
});

/** Cross-site form posts carry the other site's Origin; refuse them before they can log anyone in or out. */
function foreignOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== new URL(c.req.url).host;
  } catch {
    return true;
  }
}

export function registerAuthApi(
  app: Hono,
  team: () => Promise<Team>,
  options: { secureCookies?: boolean } = {},
): void {
  const me = (c: Context) => c.get('principal');

  app.get('/api/session', async (c) => {
    const p = me(c);
    const t = await team();
    return c.json({
      user: p?.user ?? null,
      role: p?.role ?? null,
      via: p?.via ?? null,
      csrf: p?.csrf ?? null,
      accounts: (await t.accounts.countUsers()) > 0,
    });
  });

  app.post('/api/session', async (c) => {
    if (foreignOrigin(c)) return c.json({ error: 'forbidden', message: 'Cross-site login refused.' }, 403);
    const b = await parseBody(c, AUTH_SCHEMAS.login);
    if (!b.ok) return b.res;
    const t = await team();
    const ip = remoteAddress(c);
    // The attempt is counted before the (slow) hash, so concurrent guesses cannot all slip under the limit.
    const attempt = await t.accounts.reserveLogin(b.value.username, ip, {
      since: new Date(Date.now() - LOGIN_WINDOW_MS).toISOString(),
      perUser: MAX_FAILURES_PER_USER,
      perAddress: MAX_FAILURES_PER_ADDRESS,
    });
    if (attempt === null) {
      c.header('Retry-After', String(LOGIN_WINDOW_MS / 1000));
      return c.json(
        { error: 'rate_limited', message: 'Too many failed logins: wait 15 minutes and try again.' },
        429,
      );
    }
    const found = await t.accounts.findForLogin(b.value.username);
    // Hash even for an unknown name, so the answer takes as long either way.
    const ok = await verifyPassword(b.value.password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok || found.user.disabled) {
      return c.json({ error: 'unauthenticated', message: 'Wrong user name or password.' }, 401);
    }
    await t.accounts.loginSucceeded(attempt);
    const id = randomToken();
    const csrf = randomToken();
    await t.accounts.createSession({
      idHash: sha256(id),
      userId: found.user.id,
      csrf,
      expiresAt: new Date(Date.now() + SESSION_IDLE_MS).toISOString(),
      ip,
      userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
    });
    setCookie(c, SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: options.secureCookies ?? new URL(c.get('publicUrl')).protocol === 'https:',
      maxAge: 7 * 24 * 3600,
    });
    return c.json({ user: found.user, role: found.user.role, via: 'session', csrf, accounts: true });
  });

  app.delete('/api/session', async (c) => {
    if (foreignOrigin(c)) return c.json({ error: 'forbidden', message: 'Cross-site logout refused.' }, 403);
    const p = me(c);
    if (p?.sessionHash) await (await team()).accounts.deleteSession(p.sessionHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });

  const needAccount = (c: Context) =>
    c.json(
      { error: 'no_account', message: 'This needs an account: create one with `watchfloor users add`.' },
      400,
    );

  app.post('/api/me/password', async (c) => {
    const p = me(c);
    if (!p?.user) return needAccount(c);
    const b = await parseBody(c, AUTH_SCHEMAS.password);
    if (!b.ok) return b.res;
    const t = await team();
    const found = await t.accounts.findForLogin(p.user.username);
    if (!found || !(await verifyPassword(b.value.current ?? '', found.passwordHash))) {
      return c.json({ error: 'unauthenticated', message: 'The current password is wrong.' }, 401);
    }
    const problem = passwordProblem(b.value.next, p.user.username);
    if (problem) return c.json({ error: 'bad_request', message: problem }, 400);
    await t.accounts.updateUser(p.user.id, { passwordHash: await hashPassword(b.value.next) }, actorOf(p, c));
    return c.json({ ok: true, message: 'Password changed; every session of this account has ended.' });
  });

  app.get('/api/me/tokens', async (c) => {
    const p = me(c);
    if (!p?.user) return needAccount(c);
    return c.json({ items: await (await team()).accounts.listTokens(p.user.id) });
  });

  app.post('/api/me/tokens', async (c) => {
    const p = me(c);
    if (!p?.user) return needAccount(c);
    const b = await parseBody(c, AUTH_SCHEMAS.token);
    if (!b.ok) return b.res;
    const wanted = b.value.role ?? p.role;
    if (!roleAtLeast(p.role, wanted)) {
      return c.json(
        { error: 'forbidden', message: `A token cannot have more than your role (${p.role}).` },
        403,
      );
    }
    const secret = randomToken('wf_');
    const token = await (
      await team()
    ).accounts.createToken(
      { userId: p.user.id, name: b.value.name, tokenHash: sha256(secret), role: wanted },
      actorOf(p, c),
    );
    return c.json({ token, secret, message: 'Keep the secret now: it is not shown again.' }, 201);
  });

  app.delete('/api/me/tokens/:id', async (c) => {
    const p = me(c);
    if (!p?.user) return needAccount(c);
    const ok = await (await team()).accounts.revokeToken(Number(c.req.param('id')), p.user.id, actorOf(p, c));
    return ok
      ? c.json({ ok: true })
      : c.json({ error: 'not_found', message: 'No such live token of yours.' }, 404);
  });

  app.get('/api/users', async (c) => c.json({ items: await (await team()).accounts.listUsers() }));

  app.post('/api/users', async (c) => {
    const b = await parseBody(c, AUTH_SCHEMAS.newUser);
    if (!b.ok) return b.res;
    const problem = passwordProblem(b.value.password, b.value.username);
    if (problem) return c.json({ error: 'bad_request', message: problem }, 400);
    try {
      const user = await (
        await team()
      ).accounts.createUser(
        {
          username: b.value.username,
          role: b.value.role,
          passwordHash: await hashPassword(b.value.password),
          displayName: b.value.displayName ?? null,
        },
        actorOf(me(c), c),
      );
      return c.json(user, 201);
    } catch (err) {
      if (err instanceof UserExistsError) return c.json({ error: 'conflict', message: err.message }, 409);
      throw err;
    }
  });

  app.patch('/api/users/:id', async (c) => {
    const b = await parseBody(c, AUTH_SCHEMAS.userChange);
    if (!b.ok) return b.res;
    const id = Number(c.req.param('id'));
    const t = await team();
    const target = Number.isSafeInteger(id) ? await t.accounts.getUser(id) : null;
    if (!target) return c.json({ error: 'not_found', message: 'No user with this id.' }, 404);
    const p = me(c);
    if (p?.user?.id === id && (b.value.disabled || (b.value.role && b.value.role !== 'admin'))) {
      return c.json(
        { error: 'conflict', message: 'Admins cannot demote or disable themselves; ask another admin.' },
        409,
      );
    }
    if (b.value.password !== undefined) {
      const problem = passwordProblem(b.value.password, target.username);
      if (problem) return c.json({ error: 'bad_request', message: problem }, 400);
    }
    const user = await t.accounts.updateUser(
      id,
      {
        ...(b.value.role !== undefined ? { role: b.value.role } : {}),
        ...(b.value.disabled !== undefined ? { disabled: b.value.disabled } : {}),
        ...(b.value.displayName !== undefined ? { displayName: b.value.displayName } : {}),
        ...(b.value.password !== undefined ? { passwordHash: await hashPassword(b.value.password) } : {}),
      },
      actorOf(p, c),
    );
    return c.json(user);
  });

  app.get('/api/audit', async (c) => {
    const r = parseQueryParams(c, AUTH_SCHEMAS.audit);
    if (!r.ok) return r.res;
    return c.json(
      await (
        await team()
      ).accounts.listAudit({ ...r.value, ...(r.value.entity ? { entity: r.value.entity } : {}) }),
    );
  });
}
