import { withTenant } from "../db";
import { sendEvent } from "../jobs/send-event";
import { renderTemplate, templateValues } from "./render-template";
import { triggerForEntity } from "./triggers";

function idOf(ref: unknown): string | null {
  const r = ref as { id?: unknown; meta?: { href?: unknown } } | undefined;
  if (!r) return null;
  if (typeof r.id === "string") return r.id;
  const href = typeof r.meta?.href === "string" ? r.meta.href : "";
  return href ? href.slice(href.lastIndexOf("/") + 1) : null;
}

/**
 * For a created order / incoming payment / shipment: one DealerDelivery per active dealer bound to the
 * document's counterparty (or its store / sales point), UNIQUE per (event, dealer) — a repeated event never
 * messages anyone twice — enqueued in the same transaction. Returns how many were queued.
 */
export async function enqueueDealerDeliveries(opts: { companyId: string; sourceEventId: string; entity: Record<string, unknown> }): Promise<number> {
  const type = ((opts.entity.meta as { type?: string } | undefined)?.type) ?? "";
  const trigger = triggerForEntity(type);
  if (!trigger) return 0;
  const agentId = idOf(opts.entity.agent);
  const pointIds = [idOf(opts.entity.store), idOf(opts.entity.retailStore), idOf(opts.entity.salesChannel)].filter((x): x is string => Boolean(x));
  return withTenant(opts.companyId, async (tx) => {
    const dealers = await tx.dealer.findMany({
      where: {
        status: "active",
        telegramChatId: { not: null },
        OR: [
          ...(agentId ? [{ counterpartyIds: { has: agentId } }] : []),
          ...(pointIds.length ? [{ salesPointIds: { hasSome: pointIds } }] : []),
        ],
      },
    });
    if (dealers.length === 0) return 0;
    const template = await tx.dealerTemplate.findFirst({ where: { trigger: trigger.id } });
    if (template && !template.enabled) return 0;
    const company = await tx.company.findUnique({ where: { id: opts.companyId }, select: { timezone: true } });
    const rows = await tx.dealerDelivery.createManyAndReturn({
      data: dealers.map((d) => ({
        companyId: opts.companyId,
        dealerId: d.id,
        sourceEventId: opts.sourceEventId,
        trigger: trigger.id,
        text: renderTemplate(template?.text ?? trigger.defaultText, templateValues(opts.entity, { dealerName: d.name, timeZone: company?.timezone })),
      })),
      skipDuplicates: true,
      select: { id: true },
    });
    for (const row of rows) {
      await sendEvent(tx, { name: "dealers/delivery.requested", data: { companyId: opts.companyId, deliveryId: row.id }, trigger: "event", idempotencyKey: `delivery:${row.id}` });
    }
    return rows.length;
  });
}
