import { useState, type FormEvent } from 'react';
import { auth, type Account, type Role } from '../api.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { useSession } from '../session.js';

const ROLES: Role[] = ['viewer', 'analyst', 'admin'];

function NewUser({ onDone }: { onDone: () => void }) {
  const [f, setF] = useState({ username: '', role: 'analyst' as Role, password: '' });
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await auth.createUser(f);
      setF({ username: '', role: 'analyst', password: '' });
      setError(null);
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form className="filters" onSubmit={(e) => void submit(e)} aria-label="New user">
      <label>
        User name
        <input value={f.username} onChange={(e) => setF({ ...f, username: e.target.value })} required />
      </label>
      <label>
        Role
        <select value={f.role} onChange={(e) => setF({ ...f, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        Password
        <input
          type="password"
          autoComplete="new-password"
          value={f.password}
          onChange={(e) => setF({ ...f, password: e.target.value })}
          required
        />
      </label>
      <button className="primary" type="submit">
        Create
      </button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}

function UserRow({ user, self, onDone }: { user: Account; self: boolean; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const change = async (c: { role?: Role; disabled?: boolean }) => {
    try {
      await auth.updateUser(user.id, c);
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <tr>
      <td>{user.username}</td>
      <td>
        <select
          value={user.role}
          disabled={self}
          onChange={(e) => void change({ role: e.target.value as Role })}
          aria-label={`Role of ${user.username}`}
        >
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td>
        {!self && (
          <button type="button" onClick={() => void change({ disabled: !user.disabled })}>
            {user.disabled ? 'Enable' : 'Disable'}
          </button>
        )}
        {error && <span className="error">{error}</span>}
      </td>
    </tr>
  );
}

const show = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

export function AdminPage() {
  useTitle('Admin');
  const { session } = useSession();
  const [version, setVersion] = useState(0);
  const [offset, setOffset] = useState(0);
  const users = useApi(`users:${version}`, () => auth.users());
  const audit = useApi(`audit:${version}:${offset}`, () => auth.audit(offset));
  const bump = () => setVersion((v) => v + 1);
  return (
    <>
      <h1>Admin</h1>
      <h2>Users</h2>
      <NewUser onDone={bump} />
      <Load r={users}>
        {(u) => (
          <table data-testid="users">
            <thead>
              <tr>
                <th>User</th>
                <th>Role</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {u.items.map((x) => (
                <UserRow key={x.id} user={x} self={x.id === session.user?.id} onDone={bump} />
              ))}
            </tbody>
          </table>
        )}
      </Load>
      <h2>Audit log</h2>
      <Load r={audit}>
        {(a) => (
          <>
            <div style={{ overflowX: 'auto' }}>
              <table data-testid="audit">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Who</th>
                    <th>What</th>
                    <th>Before</th>
                    <th>After</th>
                  </tr>
                </thead>
                <tbody>
                  {a.items.map((e) => (
                    <tr key={e.id}>
                      <td>{e.at.slice(0, 19).replace('T', ' ')}</td>
                      <td>{e.actor}</td>
                      <td>
                        {e.action} {e.entity} {e.entityId ?? ''}
                      </td>
                      <td>
                        <code className="json">{show(e.before)}</code>
                      </td>
                      <td>
                        <code className="json">{show(e.after)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pager">
              {offset > 0 ? (
                <button onClick={() => setOffset(Math.max(0, offset - 50))}>← Newer</button>
              ) : (
                <span />
              )}
              {offset + 50 < a.total ? (
                <button onClick={() => setOffset(offset + 50)}>Older →</button>
              ) : (
                <span />
              )}
            </nav>
          </>
        )}
      </Load>
    </>
  );
}
