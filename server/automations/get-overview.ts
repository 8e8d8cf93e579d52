import { withTenant } from "../db";
import { ensureEndpoint, webhookUrl } from "./endpoint";

/** Header of the automations page: the company's own id (to give to partners), webhook address, quotas. */
export async function getAutomationsOverview(opts: { companyId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const endpoint = await ensureEndpoint(tx, opts.companyId);
    const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
    const [rules, runsToday, lastWebhook] = await Promise.all([
      tx.automationRule.count(),
      tx.crossCompanyJob.count({ where: { createdAt: { gte: since } } }),
      // The inbox knows when the last webhook came (the endpoint row is never written on the webhook path).
      tx.sourceEvent.findFirst({ where: { origin: "webhook" }, orderBy: { receivedAt: "desc" }, select: { receivedAt: true } }),
    ]);
    return {
      companyId: opts.companyId,
      webhookUrl: webhookUrl(opts.companyId, endpoint.secret).replace(endpoint.secret, "•••"),
      subscriptions: Object.keys((endpoint.webhooks ?? {}) as Record<string, string>),
      lastWebhookAt: lastWebhook?.receivedAt ?? null,
      lastPolledAt: endpoint.lastPolledAt,
      quotas: { maxRules: endpoint.maxRules, rules, maxRunsPerDay: endpoint.maxRunsPerDay, runsToday },
    };
  });
}
