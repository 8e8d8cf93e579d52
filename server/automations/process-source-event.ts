import { withTenant } from "../db";
import { logger } from "../logger";
import { sendEvent } from "../jobs/send-event";
import { UpstreamError } from "../integrations/errors";
import { getByHref } from "../integrations/moysklad/webhooks";
import { enqueueDealerDeliveries } from "../dealers/enqueue-deliveries";
import { triggerForEntity } from "../dealers/triggers";
import { SOURCE_EXPAND, sourceEventOf } from "./catalog";
import { companyCards, isLinkActive } from "./link-access";
import { checkFilters, idempotencyKeyFor, type TFilter } from "./mapping";
import { moyskladFor, rememberSourceDocument } from "./moysklad-port";
import { ruleContext } from "./rule-context";

type TStep = { run<T>(id: string, fn: () => Promise<T>): Promise<unknown> };

/**
 * One stored source event: finds the rules it triggers and the dealers to tell. For every rule a
 * CrossCompanyJob is created with its idempotency key (UNIQUE: a second delivery of the same event never
 * creates a second job) and enqueued in the same transaction; a paused / revoked link records a «blocked» job.
 */
export async function processSourceEvent(opts: { companyId: string; sourceEventId: string; step?: TStep }) {
  const step: TStep = opts.step ?? { run: (_id, fn) => fn() };
  const { event, rules, dealerCount, endpoint } = await withTenant(opts.companyId, async (tx) => {
    const event = await tx.sourceEvent.findUnique({ where: { id: opts.sourceEventId } });
    const eventId = event ? sourceEventOf(event.entityType, event.action) : undefined;
    return {
      event,
      rules: eventId ? await tx.automationRule.findMany({ where: { sourceEvent: eventId, paused: false } }) : [],
      dealerCount: event && event.action === "CREATE" && triggerForEntity(event.entityType) ? await tx.dealer.count({ where: { status: "active" } }) : 0,
      endpoint: await tx.automationEndpoint.findFirst(),
    };
  });
  if (!event) return { rules: 0, jobs: 0, dealers: 0, note: "событие не найдено" };
  if (rules.length === 0 && dealerCount === 0) return { rules: 0, jobs: 0, dealers: 0 };

  const source = await step.run("fetch-source", async () => {
    const ms = await moyskladFor(opts.companyId);
    try {
      const doc = await getByHref(ms.client, event.href, { expand: SOURCE_EXPAND });
      rememberSourceDocument(opts.companyId, event.href, doc as Record<string, unknown>);
      return doc;
    } catch (error) {
      if (error instanceof UpstreamError && error.kind === "not_found") return null;
      throw error;
    }
  }) as Record<string, unknown> | null;
  if (!source) return { rules: rules.length, jobs: 0, dealers: 0, note: "документ удалён в МойСклад" };

  let jobs = 0;
  if (rules.length > 0) {
    const cards = await companyCards([opts.companyId, ...rules.map((r) => r.targetCompanyId)]);
    jobs = (await step.run("create-jobs", () => withTenant(opts.companyId, async (tx) => {
      const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
      let runsToday = await tx.crossCompanyJob.count({ where: { createdAt: { gte: since } } });
      const quota = endpoint?.maxRunsPerDay ?? 1000;
      let created = 0;
      for (const rule of rules) {
        const link = await tx.companyLink.findUnique({ where: { id: rule.linkId } });
        const ctx = ruleContext({
          event,
          source,
          sourceCompany: cards.get(opts.companyId) ?? { id: opts.companyId, name: "", inn: null },
          targetCompany: cards.get(rule.targetCompanyId) ?? { id: rule.targetCompanyId, name: "", inn: null },
        });
        if (!checkFilters((rule.filters as TFilter[]) ?? [], ctx).passed) continue;
        const key = idempotencyKeyFor(rule.id, rule.idempotencyTemplate, ctx);
        const blocked = !link || !isLinkActive(link) ? "Связь с компанией не активна (приостановлена, разорвана или не подтверждена) — документ не создан" : null;
        const overQuota = !blocked && runsToday >= quota ? `Превышена квота запусков: не более ${quota} в сутки` : null;
        const rows = await tx.crossCompanyJob.createManyAndReturn({
          data: [{
            companyId: opts.companyId,
            ruleId: rule.id,
            sourceEventId: event.id,
            targetCompanyId: rule.targetCompanyId,
            status: blocked ? "blocked" : overQuota ? "failed" : "queued",
            error: blocked ?? overQuota,
            idempotencyKey: key,
            sourceEntityType: event.entityType,
            sourceEntityId: event.entityId,
            sourceName: typeof source.name === "string" ? source.name : null,
            targetEntityType: rule.action,
            finishedAt: blocked || overQuota ? new Date() : null,
          }],
          skipDuplicates: true,
          select: { id: true },
        });
        const row = rows[0];
        if (!row) continue;
        runsToday++;
        if (blocked || overQuota) continue;
        const [runId] = await sendEvent(tx, {
          name: "automations/cross-job.requested",
          data: { companyId: opts.companyId, jobId: row.id },
          trigger: "event",
          idempotencyKey: `cross-job:${row.id}`,
        });
        await tx.crossCompanyJob.update({ where: { id: row.id }, data: { jobRunId: runId ?? null } });
        created++;
      }
      return created;
    }))) as number;
  }

  let dealers = 0;
  if (dealerCount > 0) {
    dealers = (await step.run("dealer-deliveries", () => enqueueDealerDeliveries({ companyId: opts.companyId, sourceEventId: event.id, entity: source }))) as number;
  }
  logger.debug({ companyId: opts.companyId, sourceEventId: event.id, jobs, dealers }, "automations: source event processed");
  return { rules: rules.length, jobs, dealers };
}
