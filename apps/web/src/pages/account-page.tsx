import type { RouterOutputs } from '@refinery/api/types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../lib/format.ts';
import { type CurrentUser, useCurrentUser } from '../lib/session.ts';
import { useTRPC } from '../trpc.ts';

type Role = RouterOutputs['users']['list'][number]['role'];
const ROLES: Role[] = ['viewer', 'operator', 'admin'];

function TokensPanel({ user }: { user: CurrentUser }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(user.role);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.tokens.pathFilter());
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (t) => {
        setSecret(t.secret);
        setName('');
        void refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({ onSuccess: () => void refresh() }),
  );
  const allowed = ROLES.slice(0, ROLES.indexOf(user.role) + 1);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, role });
  };
  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">
        For scripts and the CLI against this server: send{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>, or set REFINERY_URL and REFINERY_TOKEN.
      </p>
      <form onSubmit={submit} className="inline-form">
        <label className="field">
          <span>Token name</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {allowed.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {create.isError && <p role="alert">{create.error.message}</p>}
      {secret && (
        <p className="notice" role="status">
          Copy it now, it is not shown again: <code data-testid="new-token">{secret}</code>
        </p>
      )}
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.role}</td>
              <td>{formatDateTime(t.createdAt)}</td>
              <td>{formatDateTime(t.lastUsedAt)}</td>
              <td>
                {t.revokedAt ? (
                  'revoked'
                ) : (
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => revoke.mutate({ id: t.id })}
                  >
                    Revoke {t.name}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function UsersPanel({ me }: { me: CurrentUser }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.users.pathFilter());
  const create = useMutation(
    trpc.users.create.mutationOptions({ onSuccess: () => void refresh() }),
  );
  const update = useMutation(
    trpc.users.update.mutationOptions({ onSuccess: () => void refresh() }),
  );
  const [form, setForm] = useState({
    email: '',
    displayName: '',
    role: 'operator' as Role,
    password: '',
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(form, {
      onSuccess: () => setForm({ email: '', displayName: '', role: 'operator', password: '' }),
    });
  };
  return (
    <section className="panel" aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <form onSubmit={submit} className="inline-form">
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Name</span>
          <input
            required
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          />
        </label>
        <label className="field">
          <span>New user role</span>
          <select
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          >
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Initial password</span>
          <input
            type="password"
            minLength={10}
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
        <button type="submit" className="button">
          Create user
        </button>
      </form>
      {(create.error ?? update.error) && (
        <p role="alert">{(create.error ?? update.error)?.message}</p>
      )}
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Sign-in</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  disabled={u.id === me.id}
                  onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{u.disabledAt ? 'disabled' : u.canLogIn ? 'password' : 'none (system owner)'}</td>
              <td>
                {u.id !== me.id && (
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => update.mutate({ id: u.id, disabled: !u.disabledAt })}
                  >
                    {u.disabledAt ? 'Enable' : 'Disable'} {u.email}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AuditPanel() {
  const trpc = useTRPC();
  const [action, setAction] = useState('');
  const entries = useQuery(
    trpc.audit.list.queryOptions({ action: action || undefined, limit: 200 }),
  );
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <label className="field">
        <span>Action</span>
        <select value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">All</option>
          {[
            'auth.login',
            'auth.login_failed',
            'auth.logout',
            'conversation.ingest',
            'conversation.enrich',
            'conversation.force_enrich',
            'conversation.retry',
            'conversation.revalidate',
            'conversation.cancel',
            'bulk.enrich',
            'bulk.retry',
            'bulk.revalidate',
            'bulk.cancel',
            'token.create',
            'token.revoke',
            'user.create',
            'user.update',
          ].map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <table className="data-table" aria-label="Audit entries">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Target</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {entries.data?.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.actorLabel ?? '—'}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td className="mono">
                {e.targetId ? `${e.targetType} ${e.targetId.slice(0, 8)}` : '—'}
              </td>
              <td>{e.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function AccountPage() {
  const me = useCurrentUser();
  if (!me.data) return null;
  return (
    <section aria-labelledby="account-heading" className="account">
      <h1 id="account-heading">Account</h1>
      <p>
        Signed in as <strong>{me.data.email}</strong> ({me.data.role})
      </p>
      <TokensPanel user={me.data} />
      {me.data.role === 'admin' && (
        <>
          <UsersPanel me={me.data} />
          <AuditPanel />
        </>
      )}
    </section>
  );
}
