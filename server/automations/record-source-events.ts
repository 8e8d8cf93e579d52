import type { TTx } from "../db";
import { Prisma } from "../db";
import { sendEvent } from "../jobs/send-event";

export type TIncomingEvent = {
  origin: "webhook" | "poll" | "manual";
  entityType: string;
  action: string;
  entityId: string;
  href: string;
  accountId?: string | null;
  payload: unknown;
};

/** The dedupe key: a created / deleted entity is one event however often it is reported. */
export function dedupeKeyOf(e: Pick<TIncomingEvent, "entityType" | "entityId" | "action">): string {
  const once = e.action === "CREATE" || e.action === "DELETE";
  return `${e.entityType}:${e.entityId}:${e.action}${once ? "" : `:${Date.now()}`}`;
}

/**
 * Stores events in the company's inbox (duplicates — a webhook delivered twice, the poller seeing it too —
 * are dropped by the unique dedupe key) and, in the SAME transaction, enqueues processing of each new one
 * (transactional outbox). Returns the ids stored and how many were duplicates.
 */
export async function recordSourceEvents(tx: TTx, companyId: string, events: TIncomingEvent[]): Promise<{ stored: string[]; duplicates: number }> {
  if (events.length === 0) return { stored: [], duplicates: 0 };
  const rows = await tx.sourceEvent.createManyAndReturn({
    data: events.map((e) => ({
      companyId,
      origin: e.origin,
      entityType: e.entityType,
      action: e.action,
      entityId: e.entityId,
      href: e.href,
      accountId: e.accountId ?? null,
      payload: JSON.parse(JSON.stringify(e.payload ?? {})) as Prisma.InputJsonValue,
      dedupeKey: dedupeKeyOf(e),
    })),
    skipDuplicates: true,
    select: { id: true },
  });
  for (const row of rows) {
    await sendEvent(tx, {
      name: "automations/source-event.received",
      data: { companyId, sourceEventId: row.id },
      trigger: "event",
      idempotencyKey: `source-event:${row.id}`,
    });
  }
  return { stored: rows.map((r) => r.id), duplicates: events.length - rows.length };
}
