import { randomBytes } from 'node:crypto';
import { WEBHOOK_EVENTS } from '@refinery/db';
import {
  createWebhook,
  deleteWebhook,
  getDelivery,
  listWebhookDeliveries,
  listWebhooks,
  redeliver,
  updateWebhook,
} from '@refinery/db/queries';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { adminProcedure, router } from '../trpc.ts';

const urlInput = z
  .url({ message: 'must be a full http:// or https:// URL' })
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http:// or https:// URL')
  .max(2000);
const eventsInput = z.array(z.enum(WEBHOOK_EVENTS)).min(1, 'pick at least one event');

const notFound = (id: string | number) =>
  new TRPCError({ code: 'NOT_FOUND', message: `Webhook ${id} not found` });

/** The secret is shown once, at creation; afterwards only its last characters. */
function withoutSecret<T extends { secret: string }>(row: T) {
  const { secret, ...rest } = row;
  return { ...rest, secretHint: `…${secret.slice(-4)}` };
}

export const webhooksRouter = router({
  list: adminProcedure.query(async ({ ctx }) =>
    (await listWebhooks(ctx.database.db)).map(withoutSecret),
  ),

  create: adminProcedure
    .input(z.object({ url: urlInput, events: eventsInput }))
    .mutation(async ({ ctx, input }) => {
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const row = await createWebhook(ctx.database.db, {
        ...input,
        secret,
        createdBy: ctx.user.id,
      });
      await audit(ctx.database.db, ctx, 'webhook.create', { type: 'webhook', id: row.id }, input);
      return { ...withoutSecret(row), secret };
    }),

  update: adminProcedure
    .input(
      z.object({
        id: z.uuid(),
        url: urlInput.optional(),
        events: eventsInput.optional(),
        isActive: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, ...changes } = input;
      const row = await updateWebhook(ctx.database.db, id, changes);
      if (!row) throw notFound(id);
      await audit(ctx.database.db, ctx, 'webhook.update', { type: 'webhook', id }, changes);
      return withoutSecret(row);
    }),

  delete: adminProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    if (!(await deleteWebhook(ctx.database.db, input.id))) throw notFound(input.id);
    await audit(ctx.database.db, ctx, 'webhook.delete', { type: 'webhook', id: input.id });
    return { deleted: true };
  }),

  deliveries: adminProcedure
    .input(z.object({ webhookId: z.uuid(), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) =>
      listWebhookDeliveries(ctx.database.db, input.webhookId, input.limit),
    ),

  redeliver: adminProcedure
    .input(z.object({ deliveryId: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const original = await getDelivery(ctx.database.db, input.deliveryId);
      if (!original) throw notFound(`delivery ${input.deliveryId}`);
      const id = await redeliver(ctx.database.db, input.deliveryId);
      await audit(
        ctx.database.db,
        ctx,
        'webhook.redeliver',
        { type: 'webhook', id: original.webhookId },
        { deliveryId: input.deliveryId, newDeliveryId: id },
      );
      return { deliveryId: id };
    }),
});
