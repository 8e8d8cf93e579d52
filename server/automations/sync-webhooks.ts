import { withTenant } from "../db";
import { logger } from "../logger";
import { sourceEventDef } from "./catalog";
import { ensureEndpoint, webhookUrl } from "./endpoint";
import { moyskladFor } from "./moysklad-port";
import { DEALER_TRIGGERS } from "../dealers/triggers";
import type { TMoyskladWebhookAction } from "../integrations/moysklad/webhooks";

/**
 * Subscribes the company's MoySklad account to exactly the events its active rules and dealers need
 * (webhooks pointing at our endpoint); others pointing at our endpoint are removed.
 * Returns the subscriptions, or `error` (Russian) when MoySklad could not be reached — the polling
 * reconciliation still picks the events up.
 */
export async function syncWebhooks(opts: { companyId: string }): Promise<{ subscriptions: string[]; error: string | null }> {
  const { endpoint, rules, dealers } = await withTenant(opts.companyId, async (tx) => ({
    endpoint: await ensureEndpoint(tx, opts.companyId),
    rules: await tx.automationRule.findMany({ where: { paused: false }, select: { sourceEvent: true } }),
    dealers: await tx.dealer.count({ where: { status: { in: ["active", "pending"] } } }),
  }));
  const wanted: Array<{ entityType: string; action: TMoyskladWebhookAction }> = [];
  for (const r of rules) {
    const def = sourceEventDef(r.sourceEvent);
    if (def) wanted.push({ entityType: def.entityType, action: def.action });
  }
  if (dealers > 0) for (const t of DEALER_TRIGGERS) wanted.push({ entityType: t.entityType, action: "CREATE" });
  try {
    const ms = await moyskladFor(opts.companyId);
    const map = await ms.webhooks.sync(webhookUrl(opts.companyId, endpoint.secret), wanted);
    await withTenant(opts.companyId, (tx) => tx.automationEndpoint.update({ where: { id: endpoint.id }, data: { webhooks: map } }));
    return { subscriptions: Object.keys(map), error: null };
  } catch (error) {
    const message = (error as { userMessage?: string }).userMessage ?? "Не удалось подписаться на события МойСклад";
    logger.warn({ companyId: opts.companyId, err: String(error) }, "automations: webhook sync failed");
    return { subscriptions: [], error: message };
  }
}
