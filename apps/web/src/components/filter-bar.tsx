import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { FILTER_PARAM_KEYS, SORT_LABELS, type Sort } from '../lib/filters.ts';
import { useSearchParams } from '../lib/url-state.ts';
import { useTRPC } from '../trpc.ts';

type SelectKey = 'persona' | 'arc' | 'topic' | 'owner' | 'rule' | 'bulk';

/** Every filter writes to the URL, so the view is a shareable link and Back undoes it. */
export function FilterBar() {
  const trpc = useTRPC();
  const options = useQuery({ ...trpc.metadata.filterOptions.queryOptions(), staleTime: 60_000 });
  const bulkOps = useQuery({ ...trpc.bulk.list.queryOptions({ limit: 20 }), staleTime: 10_000 });
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  // Back/forward or a cleared filter changes the URL: show what it says.
  useEffect(() => setSearch(q), [q]);

  const set = (key: string, value: string) =>
    setParams((next) => {
      if (value) next.set(key, value);
      else next.delete(key);
    });

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    set('q', search.trim());
  };

  const select = (
    key: SelectKey,
    label: string,
    items: { id: string; name: string }[] | undefined,
  ) => (
    <label className="field">
      <span>{label}</span>
      <select value={params.get(key) ?? ''} onChange={(e) => set(key, e.target.value)}>
        <option value="">Any</option>
        {items?.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="filter-bar">
      <form aria-label="Search conversations" onSubmit={submitSearch} className="search-form">
        <label className="field grow">
          <span>Search</span>
          <input
            type="search"
            value={search}
            placeholder="Id, title or persona"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <div className="filter-grid">
        {select('persona', 'Persona', options.data?.personas)}
        {select('arc', 'Emotional arc', options.data?.emotionalArcs)}
        {select('topic', 'Topic', options.data?.trainingTopics)}
        {select('owner', 'Owner', options.data?.owners)}
        {select(
          'rule',
          'Failing rule',
          options.data?.ruleCodes.map((code) => ({ id: code, name: code })),
        )}
        {select(
          'bulk',
          'Bulk operation',
          bulkOps.data?.map((op) => ({
            id: op.id,
            name: `${op.action} · ${new Date(op.createdAt).toLocaleString()}`,
          })),
        )}
        <label className="field">
          <span>Created from</span>
          <input
            type="date"
            value={params.get('from') ?? ''}
            onChange={(e) => set('from', e.target.value)}
          />
        </label>
        <label className="field">
          <span>Created to</span>
          <input
            type="date"
            value={params.get('to') ?? ''}
            onChange={(e) => set('to', e.target.value)}
          />
        </label>
        <label className="field checkbox-field">
          <input
            type="checkbox"
            checked={params.get('stale') === '1'}
            onChange={(e) => set('stale', e.target.checked ? '1' : '')}
          />
          <span title="Made with a rule set or enrichment profile other than the active ones">
            Stale only (older configuration)
          </span>
        </label>
        <label className="field">
          <span>Sort</span>
          <select
            value={params.get('sort') ?? 'updated_desc'}
            onChange={(e) => set('sort', e.target.value === 'updated_desc' ? '' : e.target.value)}
          >
            {(Object.entries(SORT_LABELS) as [Sort, string][]).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button secondary"
          onClick={() =>
            setParams((next) => {
              for (const key of FILTER_PARAM_KEYS) next.delete(key);
            })
          }
        >
          Clear filters
        </button>
      </div>
    </div>
  );
}
