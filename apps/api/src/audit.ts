import type { Db } from '@refinery/db';
import { type AuthUser, insertAudit } from '@refinery/db/queries';

/** Who did what, to what, from where. Failures to write the log never fail the action. */
export async function audit(
  db: Db,
  who: { user: AuthUser | null; ip: string | null; label?: string },
  action: string,
  target?: { type: string; id: string | null },
  details?: Record<string, unknown>,
) {
  try {
    await insertAudit(db, {
      actorId: who.user?.id ?? null,
      actorLabel: who.label ?? who.user?.email ?? null,
      action,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      details: details ?? null,
      ip: who.ip,
    });
  } catch {
    // An audit row must not turn a successful action into an error.
  }
}
