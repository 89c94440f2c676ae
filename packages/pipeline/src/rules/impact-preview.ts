import type { Db } from '@refinery/db';
import {
  listPreviewPage,
  listPreviewSample,
  type PreviewCandidate,
  updatePreviewRow,
} from '@refinery/db/queries';
import type { RuleSetPreviewRow } from '@refinery/db/schema';
import { decodeRaw } from '../stages/fetch.ts';
import { refusalReport, validateConversation } from '../stages/validate/index.ts';
import { readMany } from '../storage/read-many.ts';
import type { BlobStorage } from '../storage/types.ts';
import { everyMs } from '../util/throttle.ts';
import type { RuleSet } from './rule-set.ts';

/** Per rule: conversations it newly fails, newly lets pass, and fails in all under the draft. */
export interface RuleImpact {
  newlyFailing: number;
  newlyPassing: number;
  failingWithDraft: number;
}

export interface ImpactResult {
  baselineVersion: number;
  draftVersion: number;
  /** True when only a sample was re-validated: the counts are for the sample. */
  sampled: boolean;
  examined: number;
  /** Raw files that could not be read: left out of every count. */
  unreadable: number;
  failingNow: number;
  failingWithDraft: number;
  newlyFailing: number;
  newlyPassing: number;
  byRule: Record<string, RuleImpact>;
}

/**
 * The blocker codes one rule set gives a raw: exactly what the validate stage does (the
 * fetch stage's refusals included), so the preview is what activation then produces.
 */
export function blockerCodes(ruleSet: RuleSet, conversationId: string, bytes: Buffer): Set<string> {
  const now = new Date();
  const decoded = decodeRaw(bytes, { maxPayloadBytes: ruleSet.config.maxPayloadBytes });
  const report = decoded.ok
    ? validateConversation({
        conversationId,
        text: decoded.text,
        ruleSet,
        now,
        extraFindings: decoded.findings,
      }).report
    : refusalReport(decoded.finding, { conversationId, ruleSet, now });
  return new Set(report.blockers.map((b) => b.code));
}

const PAGE_SIZE = 200;
const PROGRESS_INTERVAL_MS = 500;

/**
 * Re-validates a sample (or every validated conversation) under the draft and under the
 * active rule set, and records how many would newly fail or newly pass, overall and by rule.
 * Reads raws only; changes no conversation. Never throws: a failure is recorded on the
 * preview row with its reason.
 */
export async function runImpactPreview(params: {
  db: Db;
  storage: BlobStorage;
  preview: RuleSetPreviewRow;
  baseline: RuleSet;
  draft: RuleSet;
}): Promise<ImpactResult | null> {
  try {
    return await computeImpact(params);
  } catch (error) {
    await updatePreviewRow(params.db, params.preview.id, {
      state: 'failed',
      error: `Preview failed: ${(error as Error).message}`,
      finishedAt: new Date(),
    }).catch(() => {});
    return null;
  }
}

async function computeImpact(params: {
  db: Db;
  storage: BlobStorage;
  preview: RuleSetPreviewRow;
  baseline: RuleSet;
  draft: RuleSet;
}): Promise<ImpactResult> {
  const { db, storage, preview, baseline, draft } = params;
  const result: ImpactResult = {
    baselineVersion: baseline.version,
    draftVersion: draft.version,
    sampled: preview.sampleSize !== null,
    examined: 0,
    unreadable: 0,
    failingNow: 0,
    failingWithDraft: 0,
    newlyFailing: 0,
    newlyPassing: 0,
    byRule: {},
  };
  const rule = (code: string) => {
    result.byRule[code] ??= { newlyFailing: 0, newlyPassing: 0, failingWithDraft: 0 };
    return result.byRule[code];
  };
  let processed = 0;
  const progressDue = everyMs(PROGRESS_INTERVAL_MS);

  async function examine(candidates: PreviewCandidate[]) {
    const raws = await readMany(storage, candidates, (c) => c.rawResponsePath);
    for (const candidate of candidates) {
      processed++;
      const bytes = raws.get(candidate.id);
      if (!bytes) {
        result.unreadable++;
        continue;
      }
      result.examined++;
      const now = blockerCodes(baseline, candidate.id, bytes);
      const next = blockerCodes(draft, candidate.id, bytes);
      if (now.size > 0) result.failingNow++;
      if (next.size > 0) result.failingWithDraft++;
      if (now.size === 0 && next.size > 0) result.newlyFailing++;
      if (now.size > 0 && next.size === 0) result.newlyPassing++;
      for (const code of next) {
        rule(code).failingWithDraft++;
        if (!now.has(code)) rule(code).newlyFailing++;
      }
      for (const code of now) if (!next.has(code)) rule(code).newlyPassing++;
    }
    if (progressDue()) await updatePreviewRow(db, preview.id, { processed });
  }

  if (preview.sampleSize !== null) {
    const sample = await listPreviewSample(db, preview.id, preview.sampleSize);
    for (let i = 0; i < sample.length; i += PAGE_SIZE)
      await examine(sample.slice(i, i + PAGE_SIZE));
  } else {
    let afterId: string | null = null;
    for (;;) {
      const page = await listPreviewPage(db, afterId, PAGE_SIZE);
      if (page.length === 0) break;
      afterId = page.at(-1)!.id;
      await examine(page);
    }
  }
  await updatePreviewRow(db, preview.id, {
    processed,
    state: 'done',
    result: result as unknown as Record<string, unknown>,
    finishedAt: new Date(),
  });
  return result;
}
