import type { RouterOutputs } from '@refinery/api/types';
import { StatusBadge } from './status-badge.tsx';

type Item = RouterOutputs['conversations']['list']['items'][number];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function ConversationsTable({ items }: { items: Item[] }) {
  return (
    <table className="conversations-table">
      <thead>
        <tr>
          <th scope="col">Conversation</th>
          <th scope="col">Status</th>
          <th scope="col">Persona</th>
          <th scope="col">Arc</th>
          <th scope="col">Topic</th>
          <th scope="col" className="numeric">
            Quality
          </th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} data-testid="conversation-row">
            <td>
              <div className="cell-title">{item.title || 'Untitled'}</div>
              <div className="cell-sub mono">{item.id.slice(0, 8)}</div>
            </td>
            <td>
              <StatusBadge status={item.enrichmentStatus} />
              {item.failingRuleCodes.length > 0 && (
                <div className="cell-sub">{item.failingRuleCodes.join(', ')}</div>
              )}
            </td>
            <td>{item.personaName ?? <span className="muted">none</span>}</td>
            <td>{item.emotionalArcName ?? <span className="muted">none</span>}</td>
            <td>{item.trainingTopicName ?? <span className="muted">none</span>}</td>
            <td className="numeric">{item.qualityScore?.toFixed(1) ?? '—'}</td>
            <td>
              <time dateTime={new Date(item.updatedAt).toISOString()}>
                {dateFormat.format(new Date(item.updatedAt))}
              </time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
