import { z } from "zod";
import { moduleProcedure, router } from "../trpc";
import { ADMIN_ROLES } from "../../tenancy/roles";
import { listDealers, listDeliveries } from "../../dealers/list-dealers";
import { deleteDealer, saveDealer, setDealerPaused } from "../../dealers/save-dealer";
import { createSubscribeLink } from "../../dealers/create-subscribe-link";
import { listTemplates, previewTemplate, saveTemplate } from "../../dealers/templates";
import { listCounterparties } from "../../dealers/list-counterparties";
import { DEALER_TRIGGER_IDS } from "../../dealers/triggers";

const viewer = moduleProcedure("automations");
const admin = moduleProcedure("automations", ADMIN_ROLES);
const ZId = z.string().uuid("Некорректный идентификатор");

export const dealersRouter = router({
  list: viewer.query(({ ctx }) => listDealers({ companyId: ctx.tenant.companyId })),
  save: admin.input(z.object({
    id: ZId.nullish(),
    name: z.string().trim().min(1, "Укажите имя дилера").max(120),
    phone: z.string().trim().max(30).regex(/^[+\d\s()-]*$/, "Телефон: цифры, +, скобки и дефисы").nullish(),
    counterpartyIds: z.array(z.string().max(64)).max(100),
    salesPointIds: z.array(z.string().max(64)).max(100),
  })).mutation(({ ctx, input }) => saveDealer({ ...ctx.tenant, ...input })),
  setPaused: admin.input(z.object({ id: ZId, paused: z.boolean() })).mutation(({ ctx, input }) => setDealerPaused({ ...ctx.tenant, ...input })),
  remove: admin.input(z.object({ id: ZId })).mutation(({ ctx, input }) => deleteDealer({ ...ctx.tenant, ...input })),
  subscribeLink: admin.input(z.object({ dealerId: ZId })).mutation(({ ctx, input }) => createSubscribeLink({ ...ctx.tenant, ...input })),
  counterparties: viewer.input(z.object({ search: z.string().trim().max(100).nullish(), kind: z.enum(["counterparty", "store"]).default("counterparty") }))
    .query(({ ctx, input }) => listCounterparties({ companyId: ctx.tenant.companyId, ...input })),
  templates: viewer.query(({ ctx }) => listTemplates({ companyId: ctx.tenant.companyId })),
  saveTemplate: admin.input(z.object({ trigger: z.enum(DEALER_TRIGGER_IDS), text: z.string().trim().min(1, "Текст не может быть пустым").max(3500), enabled: z.boolean() }))
    .mutation(({ ctx, input }) => saveTemplate({ ...ctx.tenant, ...input })),
  previewTemplate: viewer.input(z.object({ trigger: z.enum(DEALER_TRIGGER_IDS), text: z.string().max(3500) }))
    .mutation(({ ctx, input }) => previewTemplate({ companyId: ctx.tenant.companyId, ...input })),
  deliveries: viewer.input(z.object({
    status: z.enum(["queued", "sent", "failed", "blocked", "skipped"]).nullish(),
    dealerId: ZId.nullish(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })).query(({ ctx, input }) => listDeliveries({ companyId: ctx.tenant.companyId, ...input })),
});
