export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const ratio = max > 0 ? Math.min(value / max, 1) : 1;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={`${value.toLocaleString()} of ${max.toLocaleString()} (${Math.round(ratio * 100)}%)`}
    >
      <div className="progress-fill" style={{ width: `${ratio * 100}%` }} />
    </div>
  );
}
