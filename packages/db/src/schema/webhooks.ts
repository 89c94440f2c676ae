import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAtColumn, idColumn } from './columns.ts';

export const webhooks = pgTable('webhooks', {
  id: idColumn(),
  url: text().notNull(),
  events: text().array().notNull(),
  /** HMAC-SHA256 signing secret, shown once at creation. */
  secret: text().notNull(),
  isActive: boolean().notNull().default(true),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAtColumn(),
});

export type WebhookRow = typeof webhooks.$inferSelect;

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    webhookId: uuid()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text().notNull(),
    payload: jsonb().notNull(),
    attempts: integer().notNull().default(0),
    statusCode: integer(),
    error: text(),
    /** First bytes of the receiver's answer, for the delivery log. */
    responseSnippet: text(),
    durationMs: integer(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    nextAttemptAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    // The delivery log of one webhook, newest first.
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt.desc()),
    // Deliveries due for a (re)try.
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt),
  ],
);

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
