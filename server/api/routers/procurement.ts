import { z } from "zod";
import { moduleProcedure, router } from "../trpc";
import type { TRole } from "../../tenancy/roles";
import { listOrders } from "../../procurement/list-orders";
import { getOrder } from "../../procurement/get-order";
import { saveOrderItems } from "../../procurement/save-order-items";
import { setOrderStatus } from "../../procurement/set-order-status";
import { selectQuoteItem } from "../../procurement/select-quote-item";
import { requestRfqs } from "../../procurement/request-rfqs";
import { createOffer } from "../../procurement/create-offer";
import { sendOffer } from "../../procurement/send-offer";
import { requestMailPoll } from "../../procurement/mail/request-mail-polls";
import { getMailboxStatus } from "../../procurement/get-mailbox-status";
import { getProcSettings, saveProcSettings } from "../../procurement/save-proc-settings";
import { listClients } from "../../procurement/list-clients";
import { saveClient } from "../../procurement/save-client";
import { deleteClient } from "../../procurement/delete-client";
import { listSuppliers } from "../../procurement/list-suppliers";
import { saveSupplier } from "../../procurement/save-supplier";
import { deleteSupplier } from "../../procurement/delete-supplier";
import { getProcAnalytics } from "../../procurement/get-analytics";
import { createManualOrder } from "../../procurement/create-manual-order";
import { createTelegramLinkCode, getTelegramLink, unlinkTelegram } from "../../procurement/telegram/link-telegram";

const EDITORS: readonly TRole[] = ["owner", "admin", "manager"];
const viewer = moduleProcedure("procurement");
const editor = moduleProcedure("procurement", EDITORS);

const ZStatus = z.enum(["new", "needs_review", "rfq_sent", "quoted", "offer_sent", "won", "lost", "cancelled"]);
const ZPage = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) };
const ZSearch = z.string().trim().max(200).nullish();
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Дата в формате ГГГГ-ММ-ДД");
const ZOptText = (max: number) => z.string().trim().max(max).nullish();

const ZItem = z.object({
  id: z.string().uuid().nullish(),
  name: z.string().trim().min(1, "Укажите наименование").max(500),
  brand: ZOptText(200),
  article: ZOptText(200),
  quantity: z.number().positive("Количество должно быть больше нуля").max(1e9),
  unit: z.string().trim().min(1, "Укажите единицу").max(20),
  notes: ZOptText(1000),
});

const ZClient = z.object({
  name: z.string().trim().min(1, "Укажите название").max(300),
  email: z.union([z.literal(""), z.email({ error: "Некорректный email" })]).nullish(),
  phone: ZOptText(50),
  inn: z.union([z.literal(""), z.string().regex(/^\d{10}(\d{2})?$/, "ИНН — 10 или 12 цифр")]).nullish(),
  notes: ZOptText(2000),
});

const ZSupplier = z.object({
  name: z.string().trim().min(1, "Укажите название").max(300),
  email: z.email({ error: "Некорректный email" }),
  phone: ZOptText(50),
  categories: z.array(z.string().trim().max(100)).max(50),
  brands: z.array(z.string().trim().max(100)).max(100),
  notes: ZOptText(2000),
  active: z.boolean(),
});

const ZSettings = z.object({
  legalName: z.string().trim().max(300),
  inn: z.union([z.literal(""), z.string().regex(/^\d{10}(\d{2})?$/, "ИНН — 10 или 12 цифр")]),
  kpp: z.union([z.literal(""), z.string().regex(/^\d{9}$/, "КПП — 9 цифр")]),
  address: z.string().trim().max(500),
  phone: z.string().trim().max(50),
  email: z.union([z.literal(""), z.email({ error: "Некорректный email" })]),
  bankDetails: z.string().trim().max(1000),
  rfqSubject: z.string().trim().min(1, "Укажите тему").max(300).refine((v) => v.includes("{{token}}"), "Тема должна содержать {{token}} — по нему узнаём ответы"),
  rfqBody: z.string().trim().min(1, "Укажите текст").max(10_000).refine((v) => v.includes("{{items}}"), "Текст должен содержать {{items}} — список позиций"),
  rfqTimeoutHours: z.number().int().min(1, "Не меньше 1 часа").max(24 * 30),
  rfqReminderHours: z.number().int().min(1).max(24 * 30).nullable(),
  offerValidityDays: z.number().int().min(1).max(365),
  defaultMarkupPct: z.number().min(0).max(500),
  vatRatePct: z.number().min(0).max(50),
}).refine((v) => v.rfqReminderHours === null || v.rfqReminderHours < v.rfqTimeoutHours, { message: "Напоминание должно уходить раньше, чем истекает срок ответа", path: ["rfqReminderHours"] });

export const procurementRouter = router({
  /** The current user's own Telegram link to the company's bot (managers' notifications and commands). */
  telegramLink: viewer.query(({ ctx }) => getTelegramLink({ companyId: ctx.tenant.companyId, userId: ctx.user.id })),
  telegramLinkCode: viewer.mutation(({ ctx }) => createTelegramLinkCode({ companyId: ctx.tenant.companyId, actor: ctx.tenant.actor, userId: ctx.user.id })),
  telegramUnlink: viewer.mutation(({ ctx }) => unlinkTelegram({ companyId: ctx.tenant.companyId, actor: ctx.tenant.actor, userId: ctx.user.id })),
  analytics: viewer
    .input(z.object({ from: ZDay, to: ZDay }))
    .query(({ ctx, input }) => getProcAnalytics({ companyId: ctx.tenant.companyId, ...input })),
  settings: viewer.query(({ ctx }) => getProcSettings({ companyId: ctx.tenant.companyId })),
  saveSettings: moduleProcedure("procurement", ["owner", "admin"])
    .input(ZSettings)
    .mutation(({ ctx, input }) => saveProcSettings({ ...ctx.tenant, data: input })),
  orders: viewer
    .input(z.object({ status: ZStatus.nullish(), search: ZSearch, ...ZPage }))
    .query(({ ctx, input }) => listOrders({ companyId: ctx.tenant.companyId, ...input })),
  order: viewer.input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getOrder({ companyId: ctx.tenant.companyId, orderId: input.id })),
  mailbox: viewer.query(({ ctx }) => getMailboxStatus({ companyId: ctx.tenant.companyId })),
  checkMail: editor.mutation(({ ctx }) => requestMailPoll({ companyId: ctx.tenant.companyId, trigger: "manual" })),
  createOrder: editor
    .input(z.object({
      clientId: z.string().uuid().nullish(),
      client: z.object({
        name: z.string().trim().min(1, "Укажите клиента").max(300),
        email: z.union([z.literal(""), z.email({ error: "Некорректный email" })]).nullish(),
        phone: ZOptText(50),
      }).nullish(),
      subject: z.string().trim().min(1, "Укажите тему заявки").max(500),
      items: z.array(ZItem).max(200),
    }))
    .mutation(({ ctx, input }) => createManualOrder({ ...ctx.tenant, ...input })),
  saveItems: editor
    .input(z.object({ orderId: z.string().uuid(), items: z.array(ZItem).max(200) }))
    .mutation(({ ctx, input }) => saveOrderItems({ ...ctx.tenant, ...input })),
  setStatus: editor
    .input(z.object({ orderId: z.string().uuid(), status: ZStatus }))
    .mutation(({ ctx, input }) => setOrderStatus({ ...ctx.tenant, ...input })),
  requestRfqs: editor
    .input(z.object({ orderId: z.string().uuid(), supplierIds: z.array(z.string().uuid()).min(1, "Выберите поставщиков").max(50) }))
    .mutation(({ ctx, input }) => requestRfqs({ ...ctx.tenant, ...input })),
  selectQuoteItem: editor
    .input(z.object({ orderItemId: z.string().uuid(), quoteItemId: z.string().uuid().nullable() }))
    .mutation(({ ctx, input }) => selectQuoteItem({ ...ctx.tenant, ...input })),
  createOffer: editor
    .input(z.object({ orderId: z.string().uuid(), markupPct: z.number().min(0, "Наценка не может быть отрицательной").max(500) }))
    .mutation(({ ctx, input }) => createOffer({ ...ctx.tenant, ...input })),
  sendOffer: editor
    .input(z.object({ offerId: z.string().uuid(), to: z.union([z.literal(""), z.email({ error: "Некорректный email" })]).nullish() }))
    .mutation(({ ctx, input }) => sendOffer({ ...ctx.tenant, ...input })),
  clients: viewer.input(z.object({ search: ZSearch, ...ZPage })).query(({ ctx, input }) => listClients({ companyId: ctx.tenant.companyId, ...input })),
  saveClient: editor
    .input(z.object({ id: z.string().uuid().nullish(), data: ZClient }))
    .mutation(({ ctx, input }) => saveClient({ ...ctx.tenant, ...input })),
  deleteClient: editor.input(z.object({ id: z.string().uuid() })).mutation(({ ctx, input }) => deleteClient({ ...ctx.tenant, ...input })),
  suppliers: viewer
    .input(z.object({ search: ZSearch, brand: ZOptText(100), category: ZOptText(100), ...ZPage }))
    .query(({ ctx, input }) => listSuppliers({ companyId: ctx.tenant.companyId, ...input })),
  saveSupplier: editor
    .input(z.object({ id: z.string().uuid().nullish(), data: ZSupplier }))
    .mutation(({ ctx, input }) => saveSupplier({ ...ctx.tenant, ...input })),
  deleteSupplier: editor.input(z.object({ id: z.string().uuid() })).mutation(({ ctx, input }) => deleteSupplier({ ...ctx.tenant, ...input })),
});
