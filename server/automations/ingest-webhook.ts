import { UUID_RE, withTenant } from "../db";
import { AppError } from "../errors";
import { entityIdFromHref, ZMoyskladWebhookPayload } from "../integrations/moysklad/webhooks";
import { secretMatches } from "./endpoint";
import { recordSourceEvents } from "./record-source-events";

/**
 * A MoySklad webhook delivery to `/api/automations/moysklad/<companyId>/<secret>`: verified by the
 * company's secret, stored in the inbox and enqueued in one short transaction (MoySklad waits 1.5 s at most).
 */
export async function ingestMoyskladWebhook(opts: { companyId: string; secret: string; body: unknown }) {
  if (!UUID_RE.test(opts.companyId)) throw new AppError("NOT_FOUND", "Неизвестный адрес");
  const parsed = ZMoyskladWebhookPayload.safeParse(opts.body);
  return withTenant(opts.companyId, async (tx) => {
    const endpoint = await tx.automationEndpoint.findFirst();
    if (!endpoint || !secretMatches(endpoint.secret, opts.secret)) throw new AppError("UNAUTHORIZED", "Неверная подпись вебхука");
    if (!parsed.success) throw new AppError("BAD_REQUEST", "Некорректное тело вебхука МойСклад");
    const result = await recordSourceEvents(tx, opts.companyId, parsed.data.events.map((e) => ({
      origin: "webhook" as const,
      entityType: e.meta.type,
      action: e.action,
      entityId: entityIdFromHref(e.meta.href),
      href: e.meta.href,
      accountId: e.accountId ?? null,
      payload: e,
    })));
    await tx.automationEndpoint.update({ where: { id: endpoint.id }, data: { lastWebhookAt: new Date() } });
    return result;
  }, { timeout: 5_000 });
}
