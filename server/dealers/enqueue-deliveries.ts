import { withTenant } from "../db";
import { sendEvents } from "../jobs/send-event";
import { renderTemplate, templateValues } from "./render-template";
import { triggerForEntity } from "./triggers";

function idOf(ref: unknown): string | null {
  const r = ref as { id?: unknown; meta?: { href?: unknown } } | undefined;
  if (!r) return null;
  if (typeof r.id === "string") return r.id;
  const href = typeof r.meta?.href === "string" ? r.meta.href : "";
  return href ? href.slice(href.lastIndexOf("/") + 1) : null;
}

/** Dealers per transaction: each delivery is a row plus its job (a few statements); thousands in one would outlive the transaction limit. */
export const DELIVERIES_PER_TRANSACTION = 500;
let perTransaction = DELIVERIES_PER_TRANSACTION;
/** For tests: fewer dealers per transaction, to see the split without thousands of dealers. */
export function setDeliveriesPerTransaction(n: number = DELIVERIES_PER_TRANSACTION): void {
  perTransaction = n;
}

/**
 * For a created order / incoming payment / shipment: one DealerDelivery per active dealer bound to the
 * document's counterparty (or its store / sales point), UNIQUE per (event, dealer) — a repeated event never
 * messages anyone twice — each enqueued in the transaction that creates it, up to DELIVERIES_PER_TRANSACTION
 * dealers per transaction (a crash between them: the repeated event adds only the deliveries still missing).
 * Returns how many were queued.
 */
export async function enqueueDealerDeliveries(opts: { companyId: string; sourceEventId: string; entity: Record<string, unknown> }): Promise<number> {
  const type = ((opts.entity.meta as { type?: string } | undefined)?.type) ?? "";
  const trigger = triggerForEntity(type);
  if (!trigger) return 0;
  const agentId = idOf(opts.entity.agent);
  const pointIds = [idOf(opts.entity.store), idOf(opts.entity.retailStore), idOf(opts.entity.salesChannel)].filter((x): x is string => Boolean(x));
  const found = await withTenant(opts.companyId, async (tx) => {
    const dealers = await tx.dealer.findMany({
      where: {
        status: "active",
        telegramChatId: { not: null },
        OR: [
          ...(agentId ? [{ counterpartyIds: { has: agentId } }] : []),
          ...(pointIds.length ? [{ salesPointIds: { hasSome: pointIds } }] : []),
        ],
      },
      select: { id: true, name: true },
      orderBy: { id: "asc" },
    });
    if (dealers.length === 0) return null;
    const template = await tx.dealerTemplate.findFirst({ where: { trigger: trigger.id } });
    if (template && !template.enabled) return null;
    const company = await tx.company.findUnique({ where: { id: opts.companyId }, select: { timezone: true } });
    return { dealers, text: template?.text ?? trigger.defaultText, timeZone: company?.timezone };
  });
  if (!found) return 0;
  let queued = 0;
  for (let i = 0; i < found.dealers.length; i += perTransaction) {
    const chunk = found.dealers.slice(i, i + perTransaction);
    queued += await withTenant(opts.companyId, async (tx) => {
      const rows = await tx.dealerDelivery.createManyAndReturn({
        data: chunk.map((d) => ({
          companyId: opts.companyId,
          dealerId: d.id,
          sourceEventId: opts.sourceEventId,
          trigger: trigger.id,
          text: renderTemplate(found.text, templateValues(opts.entity, { dealerName: d.name, timeZone: found.timeZone })),
        })),
        skipDuplicates: true,
        select: { id: true },
      });
      await sendEvents(tx, rows.map((row) => ({ name: "dealers/delivery.requested" as const, data: { companyId: opts.companyId, deliveryId: row.id }, trigger: "event" as const, idempotencyKey: `delivery:${row.id}` })));
      return rows.length;
    });
  }
  return queued;
}
