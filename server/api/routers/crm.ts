import { z } from "zod";
import { moduleProcedure, router } from "../trpc";
import { CRM_ROLES } from "../../crm/access";
import { createClient, ZClientInput } from "../../crm/create-client";
import { listClients } from "../../crm/list-clients";
import { listCrmMembers } from "../../crm/list-crm-members";
import { createDeal, ZCreateDealInput } from "../../crm/create-deal";
import { getDealBoard, listDeals, ZDealFilters } from "../../crm/list-deals";
import { getDeal } from "../../crm/get-deal";
import { setReviewDate, updateDeal, ZSetReviewDateInput, ZUpdateDealInput } from "../../crm/update-deal";
import { addJournalEntry, ZJournalInput } from "../../crm/add-journal-entry";
import { createTask, ZCreateTaskInput } from "../../crm/create-task";
import { completeTask, ZCompleteTaskInput } from "../../crm/complete-task";
import { listMyTasks } from "../../crm/list-my-tasks";
import { listInsurers, saveInsurer, ZInsurerInput } from "../../crm/save-insurer";
import { addCalculation, chooseCalculation, deleteCalculation, ZCalculationInput } from "../../crm/add-calculation";
import { addPolicy, ZPolicyInput } from "../../crm/add-policy";
import { deleteMoney, deletePayment, recordMoney, recordPayment, updateMoney, updatePayment, ZMoneyRecordInput, ZPaymentInput, ZUpdateMoneyInput, ZUpdatePaymentInput } from "../../crm/record-payment";
import { deletePolicy, updatePolicy, ZUpdatePolicyInput } from "../../crm/update-policy";
import { createDownloadLink, deleteDocument, renameDocument, ZRenameDocumentInput } from "../../crm/manage-documents";
import { listNotifications, markNotificationsRead } from "../../crm/notifications";
import { listReceivables, ZReceivablesInput } from "../../crm/list-receivables";
import { getFinanceReport, ZFinanceReportInput } from "../../crm/get-finance-report";
import { exportReportCsv, ZReportCsvInput } from "../../crm/export-report-csv";
import { createTelegramLinkCode, getTelegramLink, unlinkTelegram } from "../../procurement/telegram/link-telegram";
import { getCrmCalendar, ZCalendarInput } from "../../crm/get-calendar";
import { deleteSavedFilter, listSavedFilters, saveFilter, ZDeleteSavedFilterInput, ZSaveFilterInput } from "../../crm/saved-filters";
import { getNotificationSettings, saveNotificationSettings, ZNotificationSettingsInput } from "../../crm/notification-preferences";

/** Every CRM procedure: the crm module switched on, and a role that works with deals (viewers are refused). */
const crm = moduleProcedure("crm", CRM_ROLES);
const ZId = z.string().uuid();
const ZPage = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(25) };

export const crmRouter = router({
  members: crm.query(({ ctx }) => listCrmMembers({ companyId: ctx.tenant.companyId })),
  me: crm.query(({ ctx }) => ({ userId: ctx.tenant.actor.userId, role: ctx.tenant.role })),

  clients: crm.input(z.object({ search: z.string().max(200).optional(), ...ZPage })).query(({ ctx, input }) => listClients({ ...ctx.tenant, ...input })),
  createClient: crm.input(ZClientInput).mutation(({ ctx, input }) => createClient({ ...ctx.tenant, client: input })),

  deals: crm.input(z.object({ filters: ZDealFilters, ...ZPage })).query(({ ctx, input }) => listDeals({ ...ctx.tenant, ...input })),
  board: crm.input(z.object({ filters: ZDealFilters.omit({ stage: true, sort: true }), perStage: z.number().int().min(1).max(100).default(30) }))
    .query(({ ctx, input }) => getDealBoard({ ...ctx.tenant, ...input })),
  deal: crm.input(z.object({ dealId: ZId })).query(({ ctx, input }) => getDeal({ ...ctx.tenant, ...input })),
  createDeal: crm.input(ZCreateDealInput).mutation(({ ctx, input }) => createDeal({ ...ctx.tenant, deal: input })),
  updateDeal: crm.input(ZUpdateDealInput).mutation(({ ctx, input }) => updateDeal({ ...ctx.tenant, ...input })),
  setReviewDate: crm.input(ZSetReviewDateInput).mutation(({ ctx, input }) => setReviewDate({ ...ctx.tenant, ...input })),

  addJournal: crm.input(ZJournalInput).mutation(({ ctx, input }) => addJournalEntry({ ...ctx.tenant, ...input })),

  renameDocument: crm.input(ZRenameDocumentInput).mutation(({ ctx, input }) => renameDocument({ ...ctx.tenant, ...input })),
  deleteDocument: crm.input(z.object({ documentId: ZId })).mutation(({ ctx, input }) => deleteDocument({ ...ctx.tenant, ...input })),
  downloadLink: crm.input(z.object({ documentId: ZId })).mutation(({ ctx, input }) => createDownloadLink({ ...ctx.tenant, ...input })),

  createTask: crm.input(ZCreateTaskInput).mutation(({ ctx, input }) => createTask({ ...ctx.tenant, ...input })),
  completeTask: crm.input(ZCompleteTaskInput).mutation(({ ctx, input }) => completeTask({ ...ctx.tenant, ...input })),
  myTasks: crm.input(z.object({ status: z.enum(["open", "done", "all"]).default("open"), ...ZPage })).query(({ ctx, input }) => listMyTasks({ ...ctx.tenant, ...input })),

  insurers: crm.query(({ ctx }) => listInsurers({ companyId: ctx.tenant.companyId })),
  saveInsurer: crm.input(ZInsurerInput).mutation(({ ctx, input }) => saveInsurer({ ...ctx.tenant, ...input })),

  addCalculation: crm.input(ZCalculationInput).mutation(({ ctx, input }) => addCalculation({ ...ctx.tenant, ...input })),
  deleteCalculation: crm.input(z.object({ calculationId: ZId })).mutation(({ ctx, input }) => deleteCalculation({ ...ctx.tenant, ...input })),
  chooseCalculation: crm.input(z.object({ calculationId: ZId })).mutation(({ ctx, input }) => chooseCalculation({ ...ctx.tenant, ...input })),

  addPolicy: crm.input(ZPolicyInput).mutation(({ ctx, input }) => addPolicy({ ...ctx.tenant, ...input })),
  updatePolicy: crm.input(ZUpdatePolicyInput).mutation(({ ctx, input }) => updatePolicy({ ...ctx.tenant, ...input })),
  deletePolicy: crm.input(z.object({ policyId: ZId })).mutation(({ ctx, input }) => deletePolicy({ ...ctx.tenant, ...input })),
  updatePayment: crm.input(ZUpdatePaymentInput).mutation(({ ctx, input }) => updatePayment({ ...ctx.tenant, ...input })),
  deletePayment: crm.input(z.object({ paymentId: ZId })).mutation(({ ctx, input }) => deletePayment({ ...ctx.tenant, ...input })),
  updateIncome: crm.input(ZUpdateMoneyInput).mutation(({ ctx, input }) => updateMoney({ ...ctx.tenant, ...input, direction: "income" })),
  updateExpense: crm.input(ZUpdateMoneyInput).mutation(({ ctx, input }) => updateMoney({ ...ctx.tenant, ...input, direction: "expense" })),
  recordPayment: crm.input(ZPaymentInput).mutation(({ ctx, input }) => recordPayment({ ...ctx.tenant, ...input })),
  recordIncome: crm.input(ZMoneyRecordInput).mutation(({ ctx, input }) => recordMoney({ ...ctx.tenant, ...input, direction: "income" })),
  recordExpense: crm.input(ZMoneyRecordInput).mutation(({ ctx, input }) => recordMoney({ ...ctx.tenant, ...input, direction: "expense" })),
  deleteIncome: crm.input(z.object({ id: ZId })).mutation(({ ctx, input }) => deleteMoney({ ...ctx.tenant, ...input, direction: "income" })),
  deleteExpense: crm.input(z.object({ id: ZId })).mutation(({ ctx, input }) => deleteMoney({ ...ctx.tenant, ...input, direction: "expense" })),

  notifications: crm.input(z.object({ take: z.number().int().min(1).max(100).default(20) })).query(({ ctx, input }) => listNotifications({ ...ctx.tenant, ...input })),
  markRead: crm.input(z.object({ ids: z.array(ZId).max(200).optional() })).mutation(({ ctx, input }) => markNotificationsRead({ ...ctx.tenant, ...input })),

  receivables: crm.input(ZReceivablesInput.extend({ pageSize: z.number().int().min(1).max(100).default(50) })).query(({ ctx, input }) => listReceivables({ ...ctx.tenant, ...input })),
  financeReport: crm.input(ZFinanceReportInput).query(({ ctx, input }) => getFinanceReport({ ...ctx.tenant, ...input })),
  reportCsv: crm.input(ZReportCsvInput).query(({ ctx, input }) => exportReportCsv({ ...ctx.tenant, input })),
  notificationSettings: crm.query(({ ctx }) => getNotificationSettings(ctx.tenant)),
  saveNotificationSettings: crm.input(ZNotificationSettingsInput).mutation(({ ctx, input }) => saveNotificationSettings({ ...ctx.tenant, ...input })),
  // The member's own link to the company's bot (the same one-time-code link as «Закупки → Настройки»).
  telegramLink: crm.query(({ ctx }) => getTelegramLink({ companyId: ctx.tenant.companyId, userId: ctx.user.id })),
  telegramLinkCode: crm.mutation(({ ctx }) => createTelegramLinkCode({ companyId: ctx.tenant.companyId, actor: ctx.tenant.actor, userId: ctx.user.id })),
  telegramUnlink: crm.mutation(({ ctx }) => unlinkTelegram({ companyId: ctx.tenant.companyId, actor: ctx.tenant.actor, userId: ctx.user.id })),

  calendar: crm.input(ZCalendarInput).query(({ ctx, input }) => getCrmCalendar({ ...ctx.tenant, ...input })),

  savedFilters: crm.query(({ ctx }) => listSavedFilters(ctx.tenant)),
  saveFilter: crm.input(ZSaveFilterInput).mutation(({ ctx, input }) => saveFilter({ ...ctx.tenant, ...input })),
  deleteSavedFilter: crm.input(ZDeleteSavedFilterInput).mutation(({ ctx, input }) => deleteSavedFilter({ ...ctx.tenant, ...input })),
});
