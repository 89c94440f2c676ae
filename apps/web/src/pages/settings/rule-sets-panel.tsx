import type { RouterOutputs, RuleSetConfig } from '@refinery/api/types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../../components/dialog.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../trpc.ts';
import { VersionedConfigPanel } from './version-list.tsx';

type Version = RouterOutputs['config']['ruleSets']['list'][number];
type RuleSetBody = RuleSetConfig;
type Severity = NonNullable<RuleSetBody['severities'][keyof RuleSetBody['severities']]>;

const NUMBER_FIELDS: [keyof RuleSetBody, string][] = [
  ['minTurns', 'Fewest turns (INSUFFICIENT_TURNS below)'],
  ['maxTurns', 'Most turns (TOO_MANY_TURNS above)'],
  ['shortContentChars', 'Short content under (characters)'],
  ['maxNestingDepth', 'Deepest JSON nesting'],
  ['maxPayloadBytes', 'Largest raw file (bytes)'],
  ['minOutputBytes', 'Smallest enriched output (bytes)'],
];

interface ImpactResult {
  examined: number;
  unreadable: number;
  sampled: boolean;
  failingNow: number;
  failingWithDraft: number;
  newlyFailing: number;
  newlyPassing: number;
  byRule: Record<string, { newlyFailing: number; newlyPassing: number; failingWithDraft: number }>;
}

function ImpactPreview({ ruleSet, canEdit }: { ruleSet: Version; canEdit: boolean }) {
  const trpc = useTRPC();
  const [sample, setSample] = useState<'1000' | 'all'>('1000');
  const detail = useQuery(trpc.config.ruleSets.get.queryOptions({ id: ruleSet.id }));
  const start = useMutation(trpc.config.ruleSets.preview.mutationOptions());
  const previewId = start.data?.previewId ?? detail.data?.latestPreview?.id;
  const status = useQuery({
    ...trpc.config.ruleSets.previewStatus.queryOptions({ previewId: previewId ?? '' }),
    enabled: previewId !== undefined,
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 500 : false),
  });
  const result = status.data?.result as ImpactResult | undefined;
  return (
    <section aria-labelledby="impact-heading" className="impact">
      <h3 id="impact-heading">Impact preview</h3>
      <p className="muted">
        Re-validates conversations under this version and under the active one, and counts what
        would change. Nothing is changed until you activate.
      </p>
      {canEdit && (
        <div className="inline-form">
          <label className="field">
            <span>Re-validate</span>
            <select value={sample} onChange={(e) => setSample(e.target.value as '1000' | 'all')}>
              <option value="1000">a sample of 1,000</option>
              <option value="all">every conversation</option>
            </select>
          </label>
          <button
            type="button"
            className="button"
            disabled={start.isPending || status.data?.state === 'running'}
            onClick={() =>
              start.mutate({ id: ruleSet.id, sampleSize: sample === 'all' ? null : 1000 })
            }
          >
            Preview impact
          </button>
        </div>
      )}
      {start.isError && <p role="alert">{start.error.message}</p>}
      {status.data?.state === 'running' && (
        <ProgressBar
          value={status.data.processed}
          max={status.data.total}
          label="Preview progress"
        />
      )}
      {status.data?.state === 'failed' && <p role="alert">{status.data.error}</p>}
      {result && status.data?.state === 'done' && (
        <div data-testid="impact-result">
          <p>
            {result.sampled ? 'Sample of ' : ''}
            {result.examined.toLocaleString()} conversations (
            {formatDateTime(status.data.finishedAt)}): failing now{' '}
            <strong>{result.failingNow.toLocaleString()}</strong>, with this version{' '}
            <strong>{result.failingWithDraft.toLocaleString()}</strong>. Newly failing{' '}
            <strong data-testid="newly-failing">{result.newlyFailing.toLocaleString()}</strong>,
            newly passing{' '}
            <strong data-testid="newly-passing">{result.newlyPassing.toLocaleString()}</strong>.
          </p>
          <table className="data-table">
            <caption className="sr-only">Impact by rule</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col" className="numeric">
                  Newly failing
                </th>
                <th scope="col" className="numeric">
                  Newly passing
                </th>
                <th scope="col" className="numeric">
                  Failing with this version
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(result.byRule)
                .sort(
                  ([, a], [, b]) =>
                    b.newlyFailing + b.newlyPassing - (a.newlyFailing + a.newlyPassing),
                )
                .map(([code, impact]) => (
                  <tr key={code}>
                    <th scope="row">
                      <code>{code}</code>
                    </th>
                    <td className="numeric">{impact.newlyFailing.toLocaleString()}</td>
                    <td className="numeric">{impact.newlyPassing.toLocaleString()}</td>
                    <td className="numeric">{impact.failingWithDraft.toLocaleString()}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RuleSetEditor({ ruleSet, canEdit }: { ruleSet: Version; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalog = useQuery({ ...trpc.config.ruleCatalog.queryOptions(), staleTime: Infinity });
  const [name, setName] = useState(ruleSet.name);
  const [body, setBody] = useState(ruleSet.body as unknown as RuleSetBody);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.config.pathFilter());
  const save = useMutation(
    trpc.config.ruleSets.updateDraft.mutationOptions({ onSuccess: refresh }),
  );
  const activate = useMutation(
    trpc.config.ruleSets.activate.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        void refresh();
      },
    }),
  );
  const editable = canEdit && ruleSet.state === 'draft';
  const setSeverity = (code: keyof RuleSetBody['severities'], value: string) =>
    setBody((current) => {
      const severities = { ...current.severities };
      if (value === 'default') delete severities[code];
      else severities[code] = value as Severity;
      return { ...current, severities };
    });

  return (
    <div className="panel">
      <h2>
        Version {ruleSet.version} · {ruleSet.state}
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ id: ruleSet.id, name, body: body as unknown as Record<string, unknown> });
        }}
      >
        <fieldset disabled={!editable} className="config-form">
          <label className="field">
            <span>Name</span>
            <input required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <div className="filter-grid">
            {NUMBER_FIELDS.map(([key, label]) => (
              <label key={key} className="field">
                <span>{label}</span>
                <input
                  type="number"
                  min={0}
                  required
                  value={String(body[key])}
                  onChange={(e) => setBody({ ...body, [key]: Number(e.target.value) })}
                />
              </label>
            ))}
            <label className="field checkbox-field">
              <input
                type="checkbox"
                checked={body.asciiPunctuation}
                onChange={(e) => setBody({ ...body, asciiPunctuation: e.target.checked })}
              />
              <span>Curly quotes and dashes to ASCII</span>
            </label>
          </div>
          <table className="data-table">
            <caption>
              Severities (gate rules refuse the file before parsing and cannot change)
            </caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Default</th>
                <th scope="col">In this version</th>
              </tr>
            </thead>
            <tbody>
              {catalog.data?.map((rule) => (
                <tr key={rule.code}>
                  <th scope="row">
                    <code>{rule.code}</code>
                  </th>
                  <td>{rule.defaultSeverity}</td>
                  <td>
                    <select
                      aria-label={`Severity of ${rule.code}`}
                      disabled={rule.gate}
                      value={body.severities[rule.code] ?? 'default'}
                      onChange={(e) => setSeverity(rule.code, e.target.value)}
                    >
                      <option value="default">default ({rule.defaultSeverity})</option>
                      <option value="blocker">blocker</option>
                      <option value="warning">warning</option>
                      <option value="off">off</option>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {editable && (
            <button type="submit" className="button" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save draft'}
            </button>
          )}
        </fieldset>
      </form>
      {save.isError && <p role="alert">{save.error.message}</p>}
      {save.isSuccess && !save.isPending && <p role="status">Draft saved.</p>}
      <ImpactPreview ruleSet={ruleSet} canEdit={canEdit} />
      {canEdit && ruleSet.state !== 'active' && (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Activate version {ruleSet.version}…
        </button>
      )}
      <Dialog
        open={confirming}
        title={`Activate rule set version ${ruleSet.version}?`}
        onClose={() => setConfirming(false)}
      >
        <p>
          New runs validate with it at once. Conversations made with the previous version become
          stale: filter them with “Stale only” and re-validate or re-enrich them in bulk.
        </p>
        {activate.isError && <p role="alert">{activate.error.message}</p>}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
            Back
          </button>
          <button
            type="button"
            className="button"
            disabled={activate.isPending}
            onClick={() => activate.mutate({ id: ruleSet.id })}
          >
            Activate
          </button>
        </div>
      </Dialog>
    </div>
  );
}

export function RuleSetsPanel({ canEdit }: { canEdit: boolean }) {
  return (
    <VersionedConfigPanel<Version>
      kind="ruleSets"
      label="rule set"
      canEdit={canEdit}
      render={(version) => (
        <RuleSetEditor key={version.id + version.state} ruleSet={version} canEdit={canEdit} />
      )}
    />
  );
}
