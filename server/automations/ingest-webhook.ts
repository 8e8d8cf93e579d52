import { UUID_RE, withTenant } from "../db";
import { AppError } from "../errors";
import { entityIdFromHref, ZMoyskladWebhookPayload } from "../integrations/moysklad/webhooks";
import { secretMatches } from "./endpoint";
import { lockEndpoint, recordSourceEvents, rememberDrainKick } from "./record-source-events";

/**
 * A MoySklad webhook delivery to `/api/automations/moysklad/<companyId>/<secret>`: verified by the
 * company's secret, stored in the inbox and enqueued in one short transaction (MoySklad waits 1.5 s at most):
 * the endpoint row (share lock), the events (one INSERT), and — only when this process has not enqueued it
 * yet — the drain run. Nothing else happens on the request path.
 */
export async function ingestMoyskladWebhook(opts: { companyId: string; secret: string; body: unknown }) {
  if (!UUID_RE.test(opts.companyId)) throw new AppError("NOT_FOUND", "Неизвестный адрес");
  const parsed = ZMoyskladWebhookPayload.safeParse(opts.body);
  const result = await withTenant(opts.companyId, async (tx) => {
    const endpoint = await lockEndpoint(tx, opts.companyId);
    if (!endpoint || !secretMatches(endpoint.secret, opts.secret)) throw new AppError("UNAUTHORIZED", "Неверная подпись вебхука");
    if (!parsed.success) throw new AppError("BAD_REQUEST", "Некорректное тело вебхука МойСклад");
    return recordSourceEvents(tx, opts.companyId, parsed.data.events.map((e) => ({
      origin: "webhook" as const,
      entityType: e.meta.type,
      action: e.action,
      entityId: entityIdFromHref(e.meta.href),
      href: e.meta.href,
      accountId: e.accountId ?? null,
      payload: e,
    })), { drainSeq: endpoint.drainSeq });
  }, { timeout: 5_000 });
  rememberDrainKick(opts.companyId, result.kickedSeq);
  return result;
}
