/**
 * A row taken back from a worker that died may be what killed it. The worker runs such a row
 * alone: no other claim or batch of its process is in flight meanwhile, so if the row kills
 * this process too, no other conversation loses an attempt with it (and a poison input is
 * quarantined after its own attempts, not after taking its neighbours down five times).
 *
 * Loops count their claims and batches with `enter`/`leave`; `runAlone` waits for its turn,
 * then for the count to reach zero, and holds new claims back (`pending`) until it is done.
 */
export interface SoloGate {
  /** Set while a solo run waits or runs: loops await it instead of claiming. */
  readonly pending: Promise<void> | null;
  enter(): void;
  leave(): void;
  runAlone(work: () => Promise<void>): Promise<void>;
}

export function createSoloGate(): SoloGate {
  let pending: Promise<void> | null = null;
  let busy = 0;
  const waiters = new Set<() => void>();
  const untilSomethingLeaves = () => new Promise<void>((resolve) => waiters.add(resolve));

  return {
    get pending() {
      return pending;
    },
    enter() {
      busy++;
    },
    leave() {
      busy--;
      for (const resolve of [...waiters]) resolve();
      waiters.clear();
    },
    async runAlone(work) {
      while (pending) await pending;
      let release = () => {};
      pending = new Promise<void>((resolve) => {
        release = resolve;
      });
      try {
        while (busy > 0) await untilSomethingLeaves();
        await work();
      } finally {
        pending = null;
        release();
      }
    },
  };
}
