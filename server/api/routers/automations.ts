import { z } from "zod";
import { moduleProcedure, router } from "../trpc";
import { ADMIN_ROLES } from "../../tenancy/roles";
import { SOURCE_EVENT_IDS, TARGET_ACTION_IDS } from "../../automations/catalog";
import { listLinks } from "../../automations/list-links";
import { enableLink } from "../../automations/enable-link";
import { setLinkStatus } from "../../automations/set-link-status";
import { listRules } from "../../automations/list-rules";
import { deleteRule, saveRule, setRulePaused } from "../../automations/save-rule";
import { dryRunRule } from "../../automations/dry-run-rule";
import { cancelCrossJob, listCrossJobs, retryCrossJob } from "../../automations/journal";
import { getAutomationsOverview } from "../../automations/get-overview";
import { syncWebhooks } from "../../automations/sync-webhooks";
import { QUOTA_LIMITS, setAutomationQuotas } from "../../automations/set-quotas";

const viewer = moduleProcedure("automations");
const admin = moduleProcedure("automations", ADMIN_ROLES);
const ZId = z.string().uuid("Некорректный идентификатор");

const ZFilter = z.object({
  path: z.string().trim().min(1, "Укажите поле").max(200),
  op: z.enum(["eq", "ne", "gt", "gte", "lt", "lte", "contains", "exists"]),
  value: z.union([z.string().max(500), z.number(), z.boolean()]).optional(),
});

const ZRule = z.object({
  name: z.string().trim().min(1, "Назовите правило").max(120),
  linkId: ZId,
  sourceEvent: z.enum(SOURCE_EVENT_IDS),
  action: z.enum(TARGET_ACTION_IDS),
  mapping: z.record(z.string(), z.unknown()),
  filters: z.array(ZFilter).max(20),
  idempotencyTemplate: z.string().trim().min(1, "Укажите шаблон ключа").max(300),
});

export const automationsRouter = router({
  overview: viewer.query(({ ctx }) => getAutomationsOverview({ companyId: ctx.tenant.companyId })),
  links: viewer.query(({ ctx }) => listLinks({ companyId: ctx.tenant.companyId })),
  enableLink: admin.input(z.object({ partnerCompanyId: z.string().trim().min(1, "Введите ID компании-партнёра").max(64) }))
    .mutation(({ ctx, input }) => enableLink({ ...ctx.tenant, ...input })),
  setLinkStatus: admin.input(z.object({ linkId: ZId, action: z.enum(["pause", "resume", "revoke"]) }))
    .mutation(({ ctx, input }) => setLinkStatus({ ...ctx.tenant, ...input })),
  rules: viewer.query(({ ctx }) => listRules({ companyId: ctx.tenant.companyId })),
  saveRule: admin.input(ZRule.extend({ id: ZId.nullish() })).mutation(({ ctx, input }) => saveRule({ ...ctx.tenant, ...input })),
  setRulePaused: admin.input(z.object({ id: ZId, paused: z.boolean() })).mutation(({ ctx, input }) => setRulePaused({ ...ctx.tenant, ...input })),
  deleteRule: admin.input(z.object({ id: ZId })).mutation(({ ctx, input }) => deleteRule({ ...ctx.tenant, ...input })),
  dryRun: admin.input(ZRule.omit({ name: true }).extend({ ruleId: ZId.nullish(), sourceDocumentId: z.string().trim().max(64).nullish() }))
    .mutation(({ ctx, input }) => dryRunRule({ companyId: ctx.tenant.companyId, ...input })),
  setQuotas: admin.input(z.object({
    maxRules: z.number({ error: "Введите число" }).int("Только целое число").min(1, "Не меньше 1").max(QUOTA_LIMITS.maxRules, `Не больше ${QUOTA_LIMITS.maxRules}`),
    maxRunsPerDay: z.number({ error: "Введите число" }).int("Только целое число").min(1, "Не меньше 1").max(QUOTA_LIMITS.maxRunsPerDay, `Не больше ${QUOTA_LIMITS.maxRunsPerDay.toLocaleString("ru-RU")}`),
  })).mutation(({ ctx, input }) => setAutomationQuotas({ ...ctx.tenant, ...input })),
  syncWebhooks: admin.mutation(({ ctx }) => syncWebhooks({ companyId: ctx.tenant.companyId })),
  jobs: viewer.input(z.object({
    status: z.enum(["queued", "running", "retrying", "succeeded", "failed", "cancelled", "blocked"]).nullish(),
    ruleId: ZId.nullish(),
    search: z.string().trim().max(100).nullish(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })).query(({ ctx, input }) => listCrossJobs({ companyId: ctx.tenant.companyId, ...input })),
  retryJob: admin.input(z.object({ id: ZId })).mutation(({ ctx, input }) => retryCrossJob({ ...ctx.tenant, ...input })),
  cancelJob: admin.input(z.object({ id: ZId })).mutation(({ ctx, input }) => cancelCrossJob({ ...ctx.tenant, ...input })),
});
