import type { RouterOutputs } from '@refinery/api/types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc.ts';
import { VersionedConfigPanel } from './version-list.tsx';

type Version = RouterOutputs['config']['profiles']['list'][number];

/**
 * The profile is a JSON document (consultant profile, system prompt, defaults): edited as
 * text, checked field by field by the server when saved.
 */
function ProfileEditor({ profile, canEdit }: { profile: Version; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(profile.name);
  const [text, setText] = useState(JSON.stringify(profile.body, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.config.pathFilter());
  const save = useMutation(
    trpc.config.profiles.updateDraft.mutationOptions({ onSuccess: refresh }),
  );
  const activate = useMutation(
    trpc.config.profiles.activate.mutationOptions({ onSuccess: refresh }),
  );
  const editable = canEdit && profile.state === 'draft';
  return (
    <div className="panel">
      <h2>
        Profile version {profile.version} · {profile.state}
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          try {
            const body = JSON.parse(text) as Record<string, unknown>;
            setParseError(null);
            save.mutate({ id: profile.id, name, body });
          } catch (error) {
            setParseError(`Not valid JSON: ${(error as Error).message}`);
          }
        }}
      >
        <fieldset disabled={!editable} className="config-form">
          <label className="field">
            <span>Name</span>
            <input required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>Profile (consultant_profile, system_prompt, vertical, target_use, defaults)</span>
            <textarea
              className="mono"
              rows={24}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          {editable && (
            <button type="submit" className="button" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save draft'}
            </button>
          )}
        </fieldset>
      </form>
      {parseError && <p role="alert">{parseError}</p>}
      {save.isError && <p role="alert">{save.error.message}</p>}
      {save.isSuccess && <p role="status">Draft saved.</p>}
      {canEdit && profile.state !== 'active' && (
        <button
          type="button"
          className="button"
          disabled={activate.isPending}
          onClick={() => activate.mutate({ id: profile.id })}
        >
          Activate profile version {profile.version}
        </button>
      )}
      {activate.isError && <p role="alert">{activate.error.message}</p>}
      {activate.isSuccess && (
        <p role="status">
          Active. Completed conversations made with older profiles are now stale: filter them with
          “Stale only” and re-enrich them in bulk.
        </p>
      )}
    </div>
  );
}

export function ProfilesPanel({ canEdit }: { canEdit: boolean }) {
  return (
    <VersionedConfigPanel<Version>
      kind="profiles"
      label="enrichment profile"
      canEdit={canEdit}
      render={(version) => (
        <ProfileEditor key={version.id + version.state} profile={version} canEdit={canEdit} />
      )}
    />
  );
}
