import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../trpc.ts';

export interface VersionSummary {
  id: string;
  version: number;
  name: string;
  state: 'draft' | 'active' | 'retired';
  createdAt: string | Date;
  activatedAt: string | Date | null;
}

/**
 * The versions of one kind of configuration, newest first: pick one to read or edit it,
 * or start a new draft from it. Drafts are edited; active and retired versions are read-only.
 */
export function VersionList<V extends VersionSummary>({
  kind,
  versions,
  error,
  canEdit,
  onCreateDraft,
  creating,
  render,
}: {
  kind: string;
  versions: V[] | undefined;
  error: string | undefined;
  canEdit: boolean;
  onCreateDraft: (fromId: string, name: string) => Promise<{ id: string }>;
  creating: boolean;
  render: (version: V) => ReactNode;
}) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (error)
    return (
      <p role="alert">
        Could not load the {kind} versions: {error}
      </p>
    );
  if (!versions) return <p className="loading">Loading…</p>;
  const selected =
    versions.find((v) => v.id === selectedId) ?? versions.find((v) => v.state === 'active');
  return (
    <div className="versions">
      <table className="data-table">
        <caption className="sr-only">{kind} versions</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Name</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
            <th scope="col">Activated</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} aria-selected={v.id === selected?.id}>
              <td>{v.version}</td>
              <td>{v.name}</td>
              <td>
                <span
                  className={`badge ${v.state === 'active' ? 'badge-ok' : v.state === 'draft' ? 'badge-info' : 'badge-neutral'}`}
                >
                  {v.state}
                </span>
              </td>
              <td>{formatDateTime(v.createdAt)}</td>
              <td>{v.activatedAt ? formatDateTime(v.activatedAt) : '—'}</td>
              <td className="inline-actions">
                <button
                  type="button"
                  className="button secondary small"
                  aria-label={`Open ${kind} version ${v.version}`}
                  onClick={() => setSelectedId(v.id)}
                >
                  {v.state === 'draft' && canEdit ? 'Edit' : 'View'}
                </button>
                {canEdit && (
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={creating}
                    onClick={async () => {
                      setProblem(null);
                      try {
                        const draft = await onCreateDraft(v.id, `Draft from version ${v.version}`);
                        setSelectedId(draft.id);
                      } catch (caught) {
                        setProblem((caught as Error).message);
                      }
                    }}
                  >
                    New draft from v{v.version}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem && <p role="alert">{problem}</p>}
      {selected && render(selected)}
    </div>
  );
}

/** The version list of rule sets or profiles, wired to the API; `render` shows the editor. */
export function VersionedConfigPanel<V extends VersionSummary>({
  kind,
  label,
  canEdit,
  render,
}: {
  kind: 'ruleSets' | 'profiles';
  label: string;
  canEdit: boolean;
  render: (version: V) => ReactNode;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const procedures = trpc.config[kind];
  const versions = useQuery(procedures.list.queryOptions());
  const createDraft = useMutation(
    procedures.createDraft.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.config.pathFilter()),
    }),
  );
  return (
    <VersionList
      kind={label}
      versions={versions.data as V[] | undefined}
      error={versions.error?.message}
      canEdit={canEdit}
      creating={createDraft.isPending}
      onCreateDraft={(fromId, name) => createDraft.mutateAsync({ fromId, name })}
      render={render}
    />
  );
}
