import type { RouterOutputs } from '@refinery/api/types';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../lib/format.ts';
import { navigate } from '../lib/url-state.ts';
import { StatusBadge } from './status-badge.tsx';

export type ConversationItem = RouterOutputs['conversations']['list']['items'][number];

const ROW_HEIGHT = 58;

/**
 * A virtualized table: only the rows in view are in the DOM, so scrolling through a
 * hundred thousand loaded rows stays smooth. Arrow keys move between rows, Enter opens one,
 * Space toggles its checkbox.
 */
export function ConversationsTable({
  items,
  isSelected,
  onToggle,
  onReachEnd,
}: {
  items: ConversationItem[];
  isSelected: (id: string) => boolean;
  onToggle: (id: string) => void;
  onReachEnd: () => void;
}) {
  const scrollRef = useRef<HTMLTableSectionElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows.at(-1)?.index ?? 0;

  useEffect(() => {
    if (items.length > 0 && lastVisible >= items.length - 15) onReachEnd();
  }, [lastVisible, items.length, onReachEnd]);

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(items.length - 1, index));
    setActive(clamped);
    virtualizer.scrollToIndex(clamped);
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${clamped}"]`)?.focus(),
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, id: string) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'ArrowDown') focusRow(index + 1);
    else if (event.key === 'ArrowUp') focusRow(index - 1);
    else if (event.key === 'Home') focusRow(0);
    else if (event.key === 'End') focusRow(items.length - 1);
    else if (event.key === 'Enter') navigate(`/conversations/${id}`);
    else if (event.key === ' ') onToggle(id);
    else return;
    event.preventDefault();
  };

  return (
    <table className="vtable" aria-label="Conversations" aria-rowcount={items.length + 1}>
      <thead className="vtable-head">
        <tr className="vrow vrow-head">
          <th scope="col" className="cell-check">
            <span className="sr-only">Selected</span>
          </th>
          <th scope="col">Conversation</th>
          <th scope="col">Status</th>
          <th scope="col" className="hide-narrow">
            Persona
          </th>
          <th scope="col" className="hide-narrow">
            Arc
          </th>
          <th scope="col" className="hide-narrow">
            Topic
          </th>
          <th scope="col" className="numeric hide-narrow">
            Quality
          </th>
          <th scope="col" className="hide-narrow">
            Updated
          </th>
        </tr>
      </thead>
      <tbody
        ref={scrollRef}
        className="vtable-body"
        // The rows are positioned absolutely; this gives the scroll area its full height.
        style={{ '--total-height': `${virtualizer.getTotalSize()}px` } as CSSProperties}
      >
        {virtualRows.map((virtualRow) => {
          const item = items[virtualRow.index]!;
          const selected = isSelected(item.id);
          const open = () => navigate(`/conversations/${item.id}`);
          return (
            <tr
              key={item.id}
              aria-rowindex={virtualRow.index + 2}
              aria-selected={selected}
              data-index={virtualRow.index}
              data-testid="conversation-row"
              tabIndex={virtualRow.index === active ? 0 : -1}
              className={`vrow${selected ? ' selected' : ''}`}
              style={{ transform: `translateY(${virtualRow.start}px)`, height: ROW_HEIGHT }}
              onKeyDown={(e) => onKeyDown(e, virtualRow.index, item.id)}
              onFocus={() => setActive(virtualRow.index)}
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest('input,a,button')) open();
              }}
            >
              <td className="cell-check">
                <input
                  type="checkbox"
                  checked={selected}
                  onChange={() => onToggle(item.id)}
                  aria-label={`Select ${item.title || item.id}`}
                  tabIndex={-1}
                />
              </td>
              <td className="cell-main">
                <a
                  className="cell-title"
                  href={`/conversations/${item.id}`}
                  tabIndex={-1}
                  onClick={(e) => {
                    e.preventDefault();
                    open();
                  }}
                >
                  {item.title || 'Untitled'}
                </a>
                <span className="cell-sub mono">{item.id.slice(0, 8)}</span>
              </td>
              <td>
                <StatusBadge status={item.enrichmentStatus} />
                {item.failingRuleCodes.length > 0 && (
                  <span className="cell-sub truncate">{item.failingRuleCodes.join(', ')}</span>
                )}
              </td>
              <td className="hide-narrow truncate">
                {item.personaName ?? <span className="muted">none</span>}
              </td>
              <td className="hide-narrow truncate">
                {item.emotionalArcName ?? <span className="muted">none</span>}
              </td>
              <td className="hide-narrow truncate">
                {item.trainingTopicName ?? <span className="muted">none</span>}
              </td>
              <td className="numeric hide-narrow">{item.qualityScore?.toFixed(1) ?? '—'}</td>
              <td className="hide-narrow">
                <time dateTime={new Date(item.updatedAt).toISOString()}>
                  {formatDateTime(item.updatedAt)}
                </time>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
