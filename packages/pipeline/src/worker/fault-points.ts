/**
 * Named points in a worker's run where the reliability tests pause it (and then SIGKILL it).
 * Off unless a pause is configured; the CLI reads it from REFINERY_FAULT_PAUSE=point:ms.
 */
export const FAULT_POINTS = [
  'after-claim',
  'after-fetch',
  'mid-enrich',
  'after-file-write',
  'during-commit',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export interface FaultPause {
  at: FaultPoint;
  ms: number;
}

export function parseFaultPause(value: string | undefined): FaultPause | undefined {
  if (!value) return undefined;
  const [at, ms] = value.split(':');
  if (!(FAULT_POINTS as readonly string[]).includes(at ?? '') || !Number.isFinite(Number(ms))) {
    throw new Error(
      `REFINERY_FAULT_PAUSE must be <point>:<ms> with point one of ${FAULT_POINTS.join(', ')}`,
    );
  }
  return { at: at as FaultPoint, ms: Number(ms) };
}

/**
 * A poison input: the process dies outright (as on a native crash or the OOM killer) when it
 * reads a raw containing `marker`. Off unless configured (REFINERY_FAULT_CRASH_ON).
 */
export function crashIfPoisoned(marker: string | undefined, rawText: string): void {
  if (marker && rawText.includes(marker)) process.kill(process.pid, 'SIGKILL');
}

export async function maybePause(pause: FaultPause | undefined, point: FaultPoint): Promise<void> {
  if (pause?.at === point) await new Promise((resolve) => setTimeout(resolve, pause.ms));
}
