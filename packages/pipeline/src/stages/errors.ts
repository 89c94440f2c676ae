import type { PipelineStage } from '@refinery/db';

/**
 * A stage failure that is data, not a crash: the worker stores it on the row. `retryable`
 * decides between an automatic retry with backoff and the stage's failure status.
 */
export class StageError extends Error {
  constructor(
    readonly stage: PipelineStage,
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StageError';
  }
}
