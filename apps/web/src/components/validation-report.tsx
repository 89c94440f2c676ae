interface Issue {
  code: string;
  field: string;
  message: string;
  suggestion?: string;
}

export interface ReportShape {
  summary?: string;
  blockers?: Issue[];
  warnings?: Issue[];
  ruleSetVersion?: number;
}

function IssueList({
  title,
  issues,
  tone,
}: {
  title: string;
  issues: Issue[];
  tone: 'bad' | 'busy';
}) {
  if (issues.length === 0) return null;
  return (
    <section aria-label={title}>
      <h3>
        {title} ({issues.length})
      </h3>
      <ul className="issues">
        {issues.map((issue, i) => (
          <li key={`${issue.code}-${issue.field}-${i}`} className={`issue tone-${tone}`}>
            <span className={`badge badge-${tone}`}>{issue.code}</span> <code>{issue.field}</code>
            <p>{issue.message}</p>
            {issue.suggestion && <p className="muted">{issue.suggestion}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Summary, then blockers, then warnings: each with code, field path, message, suggestion. */
export function ValidationReportView({ report }: { report: ReportShape | null }) {
  if (!report) return <p className="muted">Not validated yet.</p>;
  return (
    <div className="report">
      <p data-testid="report-summary">
        <strong>{report.summary}</strong>
        {report.ruleSetVersion !== undefined && (
          <span className="muted"> · rule set v{report.ruleSetVersion}</span>
        )}
      </p>
      <IssueList title="Blockers" issues={report.blockers ?? []} tone="bad" />
      <IssueList title="Warnings" issues={report.warnings ?? []} tone="busy" />
    </div>
  );
}
