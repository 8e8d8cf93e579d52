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
 * The company's drain gate: a transaction-scoped advisory lock, SHARED by webhook / poller transactions that
 * store events and taken EXCLUSIVELY by a drain run while it bumps `drainSeq`. Shared holders never wait for
 * each other; the lock manager queues new shared requests behind a waiting exclusive one, so a drain is never
 * starved by a steady stream of webhooks (a row lock FOR SHARE would starve it).
 */
export function drainGate(companyId: string) {
  return Prisma.sql`hashtextextended(${`pult:automations-drain:${companyId}`}, 0)`;
}

/**
 * The endpoint read under the shared drain gate: its `drainSeq` names the drain run that will see what this
 * transaction stores. A drain run bumps `drainSeq` first, under the exclusive gate (waiting for every shared
 * holder), so either it sees our events, or we read the bumped value and enqueue the next run. The read is a
 * separate statement AFTER the lock, so its snapshot includes a bump committed while we waited.
 */
export async function lockEndpoint(tx: TTx, companyId: string): Promise<{ id: string; secret: string; drainSeq: number } | null> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock_shared(${drainGate(companyId)})::text AS locked`;
  const rows = await tx.$queryRaw<{ id: string; secret: string; drainSeq: number }[]>`
    SELECT "id"::text AS id, "secret", "drainSeq" FROM "AutomationEndpoint" WHERE "companyId" = ${companyId}::uuid`;
  return rows[0] ?? null;
}

/** drain:<seq> already enqueued and committed by this process (per company): no need to enqueue it again. */
const kicked = new Map<string, number>();

/** After the transaction that enqueued `drain:<seq>` committed. */
export function rememberDrainKick(companyId: string, seq: number | null): void {
  if (seq !== null) kicked.set(companyId, seq);
}

/**
 * Enqueues the inbox drain run `drain:<seq>` (a JobRun; the same key for the same seq is one run) in the
 * caller's transaction. Returns the seq enqueued, null when this process already knows it is queued.
 */
export async function requestDrain(tx: TTx, companyId: string, seq: number, opts: { force?: string } = {}): Promise<number | null> {
  if (!opts.force && kicked.get(companyId) === seq) return null;
  await sendEvent(tx, {
    name: "automations/source-events.pending",
    data: { companyId },
    trigger: "event",
    idempotencyKey: opts.force ? `drain:${seq}:${opts.force}` : `drain:${seq}`,
  });
  return seq;
}

/**
 * Stores events in the company's inbox (duplicates — a webhook delivered twice, the poller seeing it too —
 * are dropped by the unique dedupe key) and, in the SAME transaction, makes sure a drain run will process
 * them (transactional outbox: server/automations/drain-source-events.ts handles the inbox in batches).
 * Returns the ids stored, how many were duplicates and the drain seq enqueued (see `rememberDrainKick`).
 */
export async function recordSourceEvents(
  tx: TTx,
  companyId: string,
  events: TIncomingEvent[],
  opts: { drainSeq?: number } = {},
): Promise<{ stored: string[]; duplicates: number; kickedSeq: number | null }> {
  if (events.length === 0) return { stored: [], duplicates: 0, kickedSeq: null };
  const seq = opts.drainSeq ?? (await lockEndpoint(tx, companyId))?.drainSeq;
  if (seq === undefined) throw new Error("automations: the company has no webhook endpoint");
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
  const kickedSeq = rows.length > 0 ? await requestDrain(tx, companyId, seq) : null;
  return { stored: rows.map((r) => r.id), duplicates: events.length - rows.length, kickedSeq };
}
