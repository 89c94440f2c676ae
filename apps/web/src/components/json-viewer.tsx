import type { ReactNode } from 'react';

const MAX_CHILDREN = 200;
const OPEN_DEPTH = 3;

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const safe = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
  if (parent === 'root') return safe ? key : `root[${JSON.stringify(key)}]`;
  return safe ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="j-null">null</span>;
  if (typeof value === 'string') return <span className="j-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="j-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="j-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function Node({
  name,
  value,
  path,
  depth,
  marks,
}: {
  name: ReactNode;
  value: unknown;
  path: string;
  depth: number;
  marks: Map<string, string>;
}) {
  const mark = marks.get(path);
  const label = (
    <>
      {name !== null && <span className="j-key">{name}: </span>}
      {mark && (
        <span className="j-mark" title={mark}>
          ⚠ {mark}
        </span>
      )}
    </>
  );
  if (value === null || typeof value !== 'object') {
    return (
      <div className={`j-line${mark ? ' marked' : ''}`} data-path={path}>
        {label}
        <Scalar value={value} />
      </div>
    );
  }
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>);
  const open =
    depth < OPEN_DEPTH || [...marks.keys()].some((p) => p.startsWith(path) && p !== path);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <details open={open} className={`j-node${mark ? ' marked' : ''}`} data-path={path}>
      <summary>
        {label}
        <span className="j-punct">{brackets[0]}</span>
        <span className="j-count">
          {entries.length} {Array.isArray(value) ? 'items' : 'keys'}
        </span>
      </summary>
      <div className="j-children">
        {entries.slice(0, MAX_CHILDREN).map(([key, child]) => (
          <Node
            key={String(key)}
            name={typeof key === 'number' ? key : JSON.stringify(key)}
            value={child}
            path={childPath(path, key)}
            depth={depth + 1}
            marks={marks}
          />
        ))}
        {entries.length > MAX_CHILDREN && (
          <div className="muted">… {entries.length - MAX_CHILDREN} more not shown</div>
        )}
      </div>
      <span className="j-punct">{brackets[1]}</span>
    </details>
  );
}

/**
 * A collapsible, highlighted JSON tree. Paths in `marks` (validation field paths, 0-based:
 * `turns[2].content`) are flagged with their message and opened on load.
 */
export function JsonViewer({
  text,
  marks = new Map(),
  label,
}: {
  text: string;
  marks?: Map<string, string>;
  label: string;
}) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return (
      <figure className="json-viewer" aria-label={label}>
        {marks.get('root') && <p className="j-mark">⚠ {marks.get('root')}</p>}
        <figcaption className="muted">Not valid JSON: shown as text.</figcaption>
        <pre className="raw-text">{text}</pre>
      </figure>
    );
  }
  const present = new Set<string>();
  const collect = (value: unknown, path: string) => {
    present.add(path);
    if (value && typeof value === 'object') {
      for (const [k, v] of Array.isArray(value)
        ? value.map((v, i) => [i, v] as const)
        : Object.entries(value)) {
        collect(v, childPath(path, k as string | number));
      }
    }
  };
  collect(parsed, 'root');
  const absent = [...marks.entries()].filter(([path]) => !present.has(path) && path !== 'root');
  return (
    <figure className="json-viewer" aria-label={label}>
      {marks.get('root') && <p className="j-mark">⚠ {marks.get('root')}</p>}
      {absent.length > 0 && (
        <ul className="j-absent">
          {absent.map(([path, message]) => (
            <li key={path}>
              <span className="j-mark">⚠ {message}</span> (<code>{path}</code> is not in the
              document)
            </li>
          ))}
        </ul>
      )}
      <div className="j-tree">
        <Node name={null} value={parsed} path="root" depth={0} marks={marks} />
      </div>
    </figure>
  );
}
