import { withSystem, withTenant } from "../db";
import { parseMoyskladDate } from "../integrations/moysklad/dates";
import { sourceEventDef } from "./catalog";
import { DEALER_TRIGGERS } from "../dealers/triggers";
import { moyskladFor } from "./moysklad-port";
import { lockEndpoint, recordSourceEvents, rememberDrainKick, requestDrain } from "./record-source-events";

/** Overlap of polling windows: documents saved around the previous poll are seen again (deduped). */
const OVERLAP_MS = 2 * 60 * 1000;
/** Inbox events older than this are given a drain run by the poller (normally drained within seconds). */
const STALE_MS = 60 * 1000;

/**
 * Polling reconciliation (MoySklad drops a webhook after 3 failed retries): lists the documents of every
 * subscribed type changed since the cursor (`updated>=`), keeps those CREATED since then, and records them
 * as events — duplicates of webhook deliveries vanish on the dedupe key. The first poll only sets the cursor.
 */
export async function reconcileSourceEvents(opts: { companyId: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const { endpoint, rules, dealers } = await withTenant(opts.companyId, async (tx) => ({
    endpoint: await tx.automationEndpoint.findFirst(),
    rules: await tx.automationRule.findMany({ where: { paused: false }, select: { sourceEvent: true } }),
    dealers: await tx.dealer.count({ where: { status: "active" } }),
  }));
  if (!endpoint) return { types: 0, seen: 0, stored: 0 };
  const types = new Set<string>();
  for (const r of rules) {
    const def = sourceEventDef(r.sourceEvent);
    if (def?.action === "CREATE") types.add(def.entityType);
  }
  if (dealers > 0) for (const t of DEALER_TRIGGERS) types.add(t.entityType);
  if (!endpoint.pollCursor || types.size === 0) {
    await withTenant(opts.companyId, (tx) => tx.automationEndpoint.update({ where: { id: endpoint.id }, data: { pollCursor: now, lastPolledAt: now } }));
    return { types: types.size, seen: 0, stored: 0 };
  }
  const from = new Date(endpoint.pollCursor.getTime() - OVERLAP_MS);
  const ms = await moyskladFor(opts.companyId);
  let seen = 0;
  let stored = 0;
  for (const type of types) {
    for await (const page of ms.client.listPages({ entity: type, updatedFrom: from, order: "updated,asc", limit: 1000 })) {
      const fresh = page.rows.filter((row) => (parseMoyskladDate(row.created)?.getTime() ?? 0) >= from.getTime());
      seen += page.rows.length;
      if (fresh.length === 0) continue;
      const result = await withTenant(opts.companyId, (tx) => recordSourceEvents(tx, opts.companyId, fresh.map((row) => ({
        origin: "poll" as const,
        entityType: type,
        action: "CREATE",
        entityId: row.id,
        href: row.meta.href,
        accountId: row.accountId ?? null,
        payload: { meta: { type, href: row.meta.href }, action: "CREATE", accountId: row.accountId ?? null, via: "poll" },
      }))));
      rememberDrainKick(opts.companyId, result.kickedSeq);
      stored += result.stored.length;
    }
  }
  await withTenant(opts.companyId, async (tx) => {
    await tx.automationEndpoint.update({ where: { id: endpoint.id }, data: { pollCursor: now, lastPolledAt: now } });
    // Safety net: events waiting for over a minute (a drain run that gave up) get a drain run of their own.
    const stale = await tx.sourceEvent.findFirst({ where: { processedAt: null, receivedAt: { lt: new Date(now.getTime() - STALE_MS) } }, select: { id: true } });
    const locked = stale ? await lockEndpoint(tx, opts.companyId) : null;
    if (locked) await requestDrain(tx, opts.companyId, locked.drainSeq, { force: `stale:${now.toISOString()}` });
  });
  return { types: types.size, seen, stored };
}

/** Companies to poll: every company with an automations endpoint (a named cross-tenant read for the scheduler). */
export async function companiesToReconcile(): Promise<string[]> {
  const rows = await withSystem((tx) => tx.automationEndpoint.findMany({ select: { companyId: true } }));
  return rows.map((r) => r.companyId);
}
