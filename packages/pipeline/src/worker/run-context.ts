import type { PipelineStage } from '@refinery/db';
import type {
  EmotionalArcRow,
  PersonaRow,
  PromptTemplateRow,
  TrainingTopicRow,
} from '@refinery/db/schema';
import type { EnrichmentProfile } from '../enrich/profile.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import type { BlobStorage } from '../storage/types.ts';
import type { FaultPause } from './fault-points.ts';

/** Read once per batch: configuration and the metadata rows the batch references. */
export interface BatchContext {
  ruleSet: RuleSet;
  profile: EnrichmentProfile;
  personas: Map<string, PersonaRow>;
  arcs: Map<string, EmotionalArcRow>;
  topics: Map<string, TrainingTopicRow>;
  templates: Map<string, PromptTemplateRow>;
  storage: BlobStorage;
  workerId: string;
  retry: { baseSeconds: number; capSeconds: number };
  faultPause?: FaultPause | undefined;
  faultCrashOn?: string | undefined;
}

export interface StageEventDraft {
  stage: PipelineStage | 'run';
  outcome: 'ok' | 'failed' | 'retry' | 'skipped' | 'completed';
  startedAt: Date;
  durationMs: number;
  errorCode?: string | null;
  errorMessage?: string | null;
}
