import type { RouterOutputs } from '@refinery/api/types';

type Point = RouterOutputs['stats']['throughput'][number];

/** Completed and failed runs per minute as stacked bars, with the numbers as a table too. */
export function ThroughputChart({ points }: { points: Point[] }) {
  const width = 720;
  const height = 160;
  const max = Math.max(1, ...points.map((p) => p.completed + p.failed));
  const barWidth = width / Math.max(points.length, 1);
  const total = points.reduce((sum, p) => sum + p.completed + p.failed, 0);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Runs per minute over the last ${points.length} minutes: ${total} in total`}
      >
        {points.map((p, i) => {
          const completedHeight = (p.completed / max) * (height - 10);
          const failedHeight = (p.failed / max) * (height - 10);
          return (
            <g key={p.minute}>
              <rect
                x={i * barWidth + 1}
                width={Math.max(barWidth - 2, 1)}
                y={height - completedHeight}
                height={completedHeight}
                className="bar-ok"
              />
              <rect
                x={i * barWidth + 1}
                width={Math.max(barWidth - 2, 1)}
                y={height - completedHeight - failedHeight}
                height={failedHeight}
                className="bar-bad"
              />
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="legend legend-ok">completed</span>{' '}
        <span className="legend legend-bad">failed</span> per minute, peak {max}
      </figcaption>
      <details>
        <summary>Show the numbers</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Minute</th>
              <th scope="col">Completed</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {points
              .filter((p) => p.completed + p.failed > 0)
              .map((p) => (
                <tr key={p.minute}>
                  <td>{new Date(p.minute).toLocaleTimeString()}</td>
                  <td>{p.completed}</td>
                  <td>{p.failed}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
