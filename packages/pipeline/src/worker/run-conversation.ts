import type { PipelineStage } from '@refinery/db';
import type { ClaimedConversation, RunResult } from '@refinery/db/queries';
import { enrichConversation, type ValidDocument } from '../enrich/enrich.ts';
import { StageError } from '../stages/errors.ts';
import { fetchRaw } from '../stages/fetch.ts';
import { normalizeEnriched } from '../stages/normalize/index.ts';
import { refusalReport, validateConversation } from '../stages/validate/index.ts';
import { parseJsonDocument } from '../stages/validate/parse.ts';
import type { ValidationReport } from '../stages/validate/report.ts';
import { FAILURE_EVENT_OF_STAGE } from '../status-machine.ts';
import { enrichedKey } from '../storage/keys.ts';
import type { StagedObject } from '../storage/types.ts';
import { StorageUnavailableError } from '../storage/types.ts';
import { backoffSeconds } from './backoff.ts';
import { crashIfPoisoned, maybePause } from './fault-points.ts';
import type { BatchContext, StageEventDraft } from './run-context.ts';

export interface ConversationRun {
  result: RunResult;
  events: StageEventDraft[];
  /** The enriched file, written but not yet visible: committed with the row. */
  staged: StagedObject | null;
}

const FAILURE_STATUS = {
  fail_validation: 'validation_failed',
  fail_enrichment: 'enrichment_failed',
  fail_normalization: 'normalization_failed',
  fail_storage: 'storage_failed',
} as const;

const STAGE_ORDER: PipelineStage[] = ['fetch', 'validate', 'enrich', 'normalize', 'store'];

function failureStatus(stage: PipelineStage) {
  const event = FAILURE_EVENT_OF_STAGE[stage] as keyof typeof FAILURE_STATUS;
  return FAILURE_STATUS[event];
}

/** Times one stage and records its event; failures are returned as data, never thrown. */
class Timeline {
  readonly events: StageEventDraft[] = [];
  async time<T>(stage: PipelineStage, work: () => Promise<T> | T): Promise<T> {
    const startedAt = new Date();
    const started = performance.now();
    try {
      const value = await work();
      this.events.push({
        stage,
        outcome: 'ok',
        startedAt,
        durationMs: performance.now() - started,
      });
      return value;
    } catch (error) {
      const retryable = isRetryable(error);
      this.events.push({
        stage,
        outcome: retryable ? 'retry' : 'failed',
        startedAt,
        durationMs: performance.now() - started,
        errorCode: error instanceof StageError ? error.code : (error as Error).name,
        errorMessage: (error as Error).message,
      });
      throw error;
    }
  }
  fail(stage: PipelineStage, code: string, message: string) {
    const last = this.events.at(-1);
    if (last && last.stage === stage) {
      last.outcome = 'failed';
      last.errorCode = code;
      last.errorMessage = message;
    }
  }
  skip(stage: PipelineStage) {
    this.events.push({ stage, outcome: 'skipped', startedAt: new Date(), durationMs: 0 });
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof StageError) return error.retryable;
  return error instanceof StorageUnavailableError;
}

function reportResult(report: ValidationReport, sha256: string, ruleSetVersion: number) {
  return {
    validationReport: report as unknown as Record<string, unknown>,
    keepValidationReport: false,
    failingRuleCodes: [...new Set(report.blockers.map((b) => b.code))],
    validatedRawSha256: sha256,
    ruleSetVersion,
  };
}

/**
 * One conversation through fetch → validate → enrich → normalize → store. Deterministic
 * failures end in the stage's failure status; transient ones come back as a retry with
 * backoff until attempts run out.
 */
export async function runConversation(
  row: ClaimedConversation,
  ctx: BatchContext,
): Promise<ConversationRun> {
  const timeline = new Timeline();
  const base: RunResult = {
    id: row.id,
    leaseToken: row.leaseToken,
    status: 'enrichment_in_progress',
    currentStage: null,
    resumeStage: null,
    validationReport: null,
    keepValidationReport: true,
    failingRuleCodes: [],
    validatedRawSha256: null,
    ruleSetVersion: null,
    enrichmentProfileVersion: null,
    normalizationIssues: null,
    enrichmentError: null,
    enriched: null,
    retryAfterSeconds: null,
  };
  let stage: PipelineStage = 'fetch';
  const now = new Date();
  try {
    const fetched = await timeline.time('fetch', () =>
      fetchRaw(ctx.storage, row.rawResponsePath ?? '', {
        maxPayloadBytes: ctx.ruleSet.config.maxPayloadBytes,
      }),
    );

    await maybePause(ctx.faultPause, 'after-fetch');
    if (fetched.ok) crashIfPoisoned(ctx.faultCrashOn, fetched.text);
    stage = 'validate';
    if (!fetched.ok) {
      const report = refusalReport(fetched.finding, {
        conversationId: row.id,
        ruleSet: ctx.ruleSet,
        now,
      });
      timeline.skip('validate');
      timeline.fail('fetch', fetched.finding.code, fetched.finding.message);
      return finish({
        ...base,
        ...reportResult(report, fetched.sha256, ctx.ruleSet.version),
        status: 'validation_failed',
        currentStage: 'fetch',
        resumeStage: 'validate',
        enrichmentError: report.summary,
      });
    }

    // A retry that resumes past validation reuses the stored report if the raw is the same.
    const resumeIndex = row.resumeStage ? STAGE_ORDER.indexOf(row.resumeStage) : 0;
    const canReuse =
      resumeIndex > STAGE_ORDER.indexOf('validate') &&
      row.validationReport !== null &&
      row.validatedRawSha256 === fetched.sha256 &&
      row.runMode === 'full';
    let document: unknown;
    let validation: Partial<RunResult> = {};
    if (canReuse) {
      timeline.skip('validate');
      const parsed = parseJsonDocument(fetched.text, ctx.ruleSet.config.maxNestingDepth);
      if (!parsed.ok) throw new Error('stored validation no longer matches the raw');
      document = parsed.value;
    } else {
      const { report, document: parsedDocument } = await timeline.time('validate', () =>
        validateConversation({
          conversationId: row.id,
          text: fetched.text,
          ruleSet: ctx.ruleSet,
          now,
          extraFindings: fetched.findings,
        }),
      );
      validation = reportResult(report, fetched.sha256, ctx.ruleSet.version);
      if (report.hasBlockers) {
        timeline.fail('validate', report.blockers[0]!.code, report.summary);
        return finish({
          ...base,
          ...validation,
          status: 'validation_failed',
          currentStage: 'validate',
          resumeStage: 'validate',
          enrichmentError: report.summary,
        });
      }
      document = parsedDocument;
    }
    if (row.runMode === 'validate_only') {
      return finish({ ...base, ...validation, status: 'validated', currentStage: 'validate' });
    }

    stage = 'enrich';
    await maybePause(ctx.faultPause, 'mid-enrich');
    const enriched = await timeline.time('enrich', () =>
      enrichConversation({
        conversationId: row.id,
        createdAt: row.createdAt,
        qualityScore: row.qualityScore,
        document: document as ValidDocument,
        references: {
          persona: row.personaId ? (ctx.personas.get(row.personaId) ?? null) : null,
          arc: row.emotionalArcId ? (ctx.arcs.get(row.emotionalArcId) ?? null) : null,
          topic: row.trainingTopicId ? (ctx.topics.get(row.trainingTopicId) ?? null) : null,
          template: row.promptTemplateId ? (ctx.templates.get(row.promptTemplateId) ?? null) : null,
        },
        profile: ctx.profile,
      }),
    );
    const notes = enriched.notes.map((message) => ({
      type: 'schema',
      severity: 'info',
      message,
      count: 1,
    }));

    stage = 'normalize';
    const normalized = await timeline.time('normalize', () =>
      normalizeEnriched(enriched.document, ctx.ruleSet.config),
    );
    if (!normalized.ok) {
      timeline.fail('normalize', 'NORMALIZATION_FAILED', normalized.error);
      return finish({
        ...base,
        ...validation,
        status: 'normalization_failed',
        currentStage: 'normalize',
        resumeStage: 'normalize',
        normalizationIssues: [...notes, ...normalized.issues],
        enrichmentError: normalized.error,
        enrichmentProfileVersion: ctx.profile.version,
      });
    }

    stage = 'store';
    const key = enrichedKey(row.ownerId, row.id);
    const staged = await timeline.time('store', () => ctx.storage.stage(key, normalized.bytes));
    await maybePause(ctx.faultPause, 'after-file-write');
    return {
      result: {
        ...base,
        ...validation,
        status: 'completed',
        currentStage: 'store',
        normalizationIssues: [...notes, ...normalized.issues],
        enrichmentProfileVersion: ctx.profile.version,
        enriched: {
          path: key,
          size: normalized.bytes.length,
          sha256: normalized.sha256,
          version: `v${ctx.profile.version}`,
        },
      },
      events: timeline.events,
      staged,
    };
  } catch (error) {
    const message = (error as Error).message;
    if (isRetryable(error) && row.attempts < row.maxAttempts) {
      const delay = backoffSeconds(row.attempts, ctx.retry);
      return finish({
        ...base,
        status: 'queued',
        currentStage: stage,
        resumeStage: row.resumeStage,
        enrichmentError: `Attempt ${row.attempts} of ${row.maxAttempts} failed at ${stage}: ${message}; retrying in ${delay.toFixed(1)} s`,
        retryAfterSeconds: delay,
      });
    }
    if (!isRetryable(error)) timeline.fail(stage, (error as Error).name, message);
    const prefix = isRetryable(error)
      ? `Gave up after ${row.attempts} attempts at ${stage}: `
      : `${stage} failed: `;
    return finish({
      ...base,
      status: failureStatus(stage),
      currentStage: stage,
      resumeStage: stage,
      enrichmentError: prefix + message,
    });
  }

  function finish(result: RunResult): ConversationRun {
    return { result, events: timeline.events, staged: null };
  }
}
