import type { Database } from '../client.ts';

export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** EXPLAIN (FORMAT JSON) of a built query, with its bound parameters, on either driver. */
export async function explainQuery(
  database: Database,
  query: { toSQL(): { sql: string; params: unknown[] } },
): Promise<PlanNode> {
  const { sql, params } = query.toSQL();
  const text = `explain (format json) ${sql}`;
  const client = (database.db as unknown as { $client: unknown }).$client;
  let result: unknown;
  if (database.kind === 'postgres') {
    const rows = await (
      client as { unsafe(q: string, p: unknown[]): Promise<Record<string, unknown>[]> }
    ).unsafe(text, params as never[]);
    result = rows[0]!['QUERY PLAN'];
  } else {
    const res = await (
      client as { query(q: string, p: unknown[]): Promise<{ rows: Record<string, unknown>[] }> }
    ).query(text, params);
    result = res.rows[0]!['QUERY PLAN'];
  }
  const plan = (typeof result === 'string' ? JSON.parse(result) : result) as { Plan: PlanNode }[];
  return plan[0]!.Plan;
}

/** Every node of a plan tree, depth first. */
export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}
