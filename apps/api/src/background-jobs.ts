/**
 * Work an API request starts and does not wait for (an export, an impact preview). Each job
 * records its own progress and outcome in the database; this keeps the promises so shutdown
 * (and tests) can wait for them, and so a failure is logged rather than lost.
 */
export interface BackgroundJobs {
  start(name: string, work: () => Promise<unknown>): void;
  /** Resolves when every job started so far has settled. */
  idle(): Promise<void>;
}

export function createBackgroundJobs(
  onError: (name: string, error: unknown) => void,
): BackgroundJobs {
  const running = new Set<Promise<unknown>>();
  return {
    start(name, work) {
      const job = work()
        .catch((error: unknown) => onError(name, error))
        .finally(() => running.delete(job));
      running.add(job);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
