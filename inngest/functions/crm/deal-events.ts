/** Reactions to CRM domain events (server/crm/handle-deal-event.ts); one job per event, serial per company. */
import { defineJob } from "../../define";
import { handleDealEvent } from "../../../server/crm/handle-deal-event";

export const crmDealCreatedJob = defineJob({
  id: "crm-deal-event-created", title: "CRM: новая сделка", trigger: { event: "crm/deal.created" },
  concurrency: { key: "companyId", limit: 1 }, retries: 3,
  handler: ({ event, step }) => step.run("handle", () => handleDealEvent(event)),
});

export const crmPaymentUpdatedJob = defineJob({
  id: "crm-deal-event-payment-updated", title: "CRM: изменение платежей", trigger: { event: "crm/deal.payment.updated" },
  concurrency: { key: "companyId", limit: 1 }, retries: 3,
  handler: ({ event, step }) => step.run("handle", () => handleDealEvent(event)),
});

export const crmIncomeRecordedJob = defineJob({
  id: "crm-deal-event-income-recorded", title: "CRM: внесён доход", trigger: { event: "crm/deal.payment.income.recorded" },
  concurrency: { key: "companyId", limit: 1 }, retries: 3,
  handler: ({ event, step }) => step.run("handle", () => handleDealEvent(event)),
});

export const crmIncomeDeletedJob = defineJob({
  id: "crm-deal-event-income-deleted", title: "CRM: удалён доход", trigger: { event: "crm/deal.payment.income.deleted" },
  concurrency: { key: "companyId", limit: 1 }, retries: 3,
  handler: ({ event, step }) => step.run("handle", () => handleDealEvent(event)),
});

export const crmExpenseRecordedJob = defineJob({
  id: "crm-deal-event-expense-recorded", title: "CRM: внесён расход", trigger: { event: "crm/deal.payment.expense.recorded" },
  concurrency: { key: "companyId", limit: 1 }, retries: 3,
  handler: ({ event, step }) => step.run("handle", () => handleDealEvent(event)),
});

export const crmExpenseDeletedJob = defineJob({
  id: "crm-deal-event-expense-deleted", title: "CRM: удалён расход", trigger: { event: "crm/deal.payment.expense.deleted" },
  concurrency: { key: "companyId", limit: 1 }, retries: 3,
  handler: ({ event, step }) => step.run("handle", () => handleDealEvent(event)),
});

export const crmIncomeUpdatedJob = defineJob({
  id: "crm-deal-event-income-updated", title: "CRM: изменён доход", trigger: { event: "crm/deal.payment.income.updated" },
  concurrency: { key: "companyId", limit: 1 }, retries: 3,
  handler: ({ event, step }) => step.run("handle", () => handleDealEvent(event)),
});

export const crmExpenseUpdatedJob = defineJob({
  id: "crm-deal-event-expense-updated", title: "CRM: изменён расход", trigger: { event: "crm/deal.payment.expense.updated" },
  concurrency: { key: "companyId", limit: 1 }, retries: 3,
  handler: ({ event, step }) => step.run("handle", () => handleDealEvent(event)),
});

export const crmDealEventJobs = [crmDealCreatedJob, crmPaymentUpdatedJob, crmIncomeRecordedJob, crmIncomeDeletedJob, crmExpenseRecordedJob, crmExpenseDeletedJob, crmIncomeUpdatedJob, crmExpenseUpdatedJob];
