import { useState, type FormEvent } from 'react';
import { auth, type Role } from '../api.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { useSession } from '../session.js';

const ROLES: Role[] = ['viewer', 'analyst', 'admin'];

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const { refresh } = useSession();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await auth.changePassword(current, next);
      setMessage({ ok: true, text: r.message });
      await refresh();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  return (
    <form className="filters" onSubmit={(e) => void submit(e)} aria-label="Change password">
      <label>
        Current password
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        New password (10+ characters)
        <input
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </label>
      <button type="submit">Change password</button>
      {message && <p className={message.ok ? 'muted' : 'error'}>{message.text}</p>}
    </form>
  );
}

function Tokens({ role }: { role: Role }) {
  const [version, setVersion] = useState(0);
  const r = useApi(`tokens:${version}`, () => auth.tokens());
  const [name, setName] = useState('');
  const [tokenRole, setTokenRole] = useState<Role>('viewer');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setSecret((await auth.createToken(name, tokenRole)).secret);
      setName('');
      setVersion((v) => v + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const revoke = async (id: number) => {
    await auth.revokeToken(id);
    setVersion((v) => v + 1);
  };
  return (
    <>
      <form className="filters" onSubmit={(e) => void create(e)} aria-label="New API token">
        <label>
          Label
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="nightly export"
            required
          />
        </label>
        <label>
          Role
          <select value={tokenRole} onChange={(e) => setTokenRole(e.target.value as Role)}>
            {ROLES.slice(0, ROLES.indexOf(role) + 1).map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <button type="submit">Create token</button>
      </form>
      {error && <p className="error">{error}</p>}
      {secret && (
        <p className="panel" role="status">
          New token (shown once; send it as <code>Authorization: Bearer …</code>):{' '}
          <code data-testid="token-secret">{secret}</code>
        </p>
      )}
      <Load r={r}>
        {(t) =>
          t.items.length ? (
            <table>
              <thead>
                <tr>
                  <th>Label</th>
                  <th>Role</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {t.items.map((x) => (
                  <tr key={x.id}>
                    <td>{x.name}</td>
                    <td>{x.role}</td>
                    <td>{x.createdAt.slice(0, 16).replace('T', ' ')}</td>
                    <td>{x.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}</td>
                    <td>
                      {x.revokedAt ? 'revoked' : <button onClick={() => void revoke(x.id)}>Revoke</button>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No tokens.</p>
          )
        }
      </Load>
    </>
  );
}

export function AccountPage() {
  useTitle('Account');
  const { session } = useSession();
  if (!session.user) {
    return (
      <p className="muted">
        No accounts exist yet: this desk is open to this machine only. Create the first admin with{' '}
        <code>watchfloor users add NAME --role admin</code>.
      </p>
    );
  }
  return (
    <>
      <h1>{session.user.displayName ?? session.user.username}</h1>
      <p className="meta">
        {session.user.username} · {session.user.role}
      </p>
      <h2>Password</h2>
      <PasswordForm />
      <h2>API tokens</h2>
      <Tokens role={session.user.role} />
    </>
  );
}
