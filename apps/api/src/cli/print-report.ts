interface Issue {
  code: string;
  field: string;
  message: string;
  suggestion?: string;
}

interface ReportView {
  status: string;
  attempts: number;
  maxAttempts: number;
  enrichmentError: string | null;
  validationReport: { summary?: string; blockers?: Issue[]; warnings?: Issue[] } | null;
  normalizationIssues: { type: string; severity: string; message: string }[];
  stages: {
    runId: string;
    stage: string;
    outcome: string;
    durationMs: number;
    errorMessage: string | null;
  }[];
}

/** Human-readable run summary on stderr-free stdout: stages, report, final status. */
export function formatRunReport(id: string, report: ReportView): string {
  const lines: string[] = [`Conversation ${id}`];
  const lastRun = report.stages.at(-1)?.runId;
  for (const event of report.stages.filter((e) => e.runId === lastRun && e.stage !== 'run')) {
    const mark = event.outcome === 'ok' ? '✓' : event.outcome === 'skipped' ? '–' : '✗';
    lines.push(
      `  ${mark} ${event.stage.padEnd(9)} ${event.outcome.padEnd(7)} ${event.durationMs.toFixed(1)} ms${event.errorMessage && event.outcome !== 'ok' ? `  ${event.errorMessage}` : ''}`,
    );
  }
  const validation = report.validationReport;
  if (validation) {
    lines.push(`Validation: ${validation.summary ?? ''}`);
    for (const issue of validation.blockers ?? [])
      lines.push(`  BLOCKER ${issue.code} at ${issue.field}: ${issue.message}`);
    for (const issue of validation.warnings ?? [])
      lines.push(`  warning ${issue.code} at ${issue.field}: ${issue.message}`);
  }
  for (const issue of report.normalizationIssues)
    lines.push(`  normalize ${issue.severity}: ${issue.message}`);
  lines.push(
    `Final status: ${report.status} (attempt ${report.attempts} of ${report.maxAttempts})`,
  );
  if (report.enrichmentError) lines.push(`Error: ${report.enrichmentError}`);
  return lines.join('\n');
}
