import { sql } from 'drizzle-orm';
import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Primary keys are random UUIDs so ids can be minted by any process without a round trip. */
export const idColumn = () => uuid().primaryKey().default(sql`gen_random_uuid()`);

export const createdAtColumn = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const updatedAtColumn = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** SQL list literal for CHECK constraints built from an `as const` array. */
export function sqlList(values: readonly string[]) {
  return sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));
}
