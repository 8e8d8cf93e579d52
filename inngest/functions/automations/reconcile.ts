/** Polling reconciliation by `updated` (MoySklad drops webhooks after 3 failed retries): a cron fan-out + a tenant job. */
import { defineJob } from "../../define";
import { companiesToReconcile, reconcileSourceEvents } from "../../../server/automations/reconcile-source-events";

export const reconcileCompanyJob = defineJob({
  id: "automations-reconcile",
  title: "Автоматизации: сверка событий МойСклад",
  trigger: { event: "automations/reconcile.requested" },
  concurrency: { key: "companyId", limit: 1 },
  retries: 2,
  handler: async ({ event, step }) => step.run("poll", () => reconcileSourceEvents({ companyId: event.data.companyId })),
});

export const scheduleReconcileJob = defineJob({
  id: "automations-reconcile-schedule",
  title: "Автоматизации: расписание сверки",
  trigger: { cron: "*/5 * * * *" },
  retries: 0,
  handler: async ({ step }) => {
    const companies = await step.run("companies", () => companiesToReconcile());
    const minute = new Date().toISOString().slice(0, 16);
    if (companies.length > 0) {
      await step.sendEvent("fan-out", companies.map((companyId) => ({ name: "automations/reconcile.requested" as const, data: { companyId }, idempotencyKey: `reconcile:${minute}` })));
    }
    return { companies: companies.length };
  },
});
