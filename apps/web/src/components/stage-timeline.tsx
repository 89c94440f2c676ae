import type { RouterOutputs } from '@refinery/api/types';
import { formatDateTime, formatDuration } from '../lib/format.ts';

type Stage = RouterOutputs['conversations']['report']['stages'][number];

const OUTCOME_TONE: Record<string, string> = {
  ok: 'ok',
  completed: 'ok',
  skipped: 'neutral',
  retry: 'busy',
  failed: 'bad',
};

/** Every run, newest first; each stage with its outcome, duration and attempt. */
export function StageTimeline({
  stages,
  currentStage,
  inProgress,
}: {
  stages: Stage[];
  currentStage: string | null;
  inProgress: boolean;
}) {
  const runs = new Map<string, Stage[]>();
  for (const stage of stages) runs.set(stage.runId, [...(runs.get(stage.runId) ?? []), stage]);
  const ordered = [...runs.entries()].reverse();
  if (ordered.length === 0 && !inProgress) return <p className="muted">No runs yet.</p>;
  return (
    <div className="timeline">
      {inProgress && (
        <p className="badge badge-busy" aria-live="polite">
          Running now{currentStage ? `: ${currentStage}` : ''}
        </p>
      )}
      {ordered.map(([runId, events], index) => {
        const final = events.find((e) => e.stage === 'run');
        return (
          <section key={runId} className="run" aria-label={`Run ${ordered.length - index}`}>
            <h3>
              Run {ordered.length - index} · {formatDateTime(events[0]!.startedAt)}
              {final && (
                <span className={`badge badge-${OUTCOME_TONE[final.outcome] ?? 'neutral'}`}>
                  {final.outcome}
                </span>
              )}
            </h3>
            <ol className="stages">
              {events
                .filter((e) => e.stage !== 'run')
                .map((e, i) => (
                  <li
                    key={`${e.stage}-${e.attempt}-${i}`}
                    className={`stage tone-${OUTCOME_TONE[e.outcome] ?? 'neutral'}`}
                  >
                    <span className="stage-name">{e.stage}</span>
                    <span className="stage-outcome">{e.outcome}</span>
                    <span className="stage-meta">
                      {formatDuration(e.durationMs)} · attempt {e.attempt}
                    </span>
                    {e.errorMessage && <span className="stage-error">{e.errorMessage}</span>}
                  </li>
                ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
