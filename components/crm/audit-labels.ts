/** Russian names of the CRM's audit actions and entities (merged into components/audit/labels.ts). */
export const CRM_AUDIT_ACTIONS: Record<string, string> = {
  "crm.client.created": "CRM: клиент создан",
  "crm.deal.created": "CRM: сделка создана",
  "crm.deal.updated": "CRM: сделка изменена",
  "crm.deal.review_date_set": "CRM: дата просмотра перенесена",
  "crm.deal.review_date_cleared": "CRM: дата просмотра — по расчёту",
  "crm.journal.added": "CRM: запись в журнале",
  "crm.document.uploaded": "CRM: файл загружен",
  "crm.document.renamed": "CRM: файл переименован",
  "crm.document.deleted": "CRM: файл удалён",
  "crm.document.downloaded": "CRM: файл скачан",
  "crm.task.created": "CRM: задача поставлена",
  "crm.task.completed": "CRM: задача выполнена",
  "crm.task.cancelled": "CRM: задача отменена",
  "crm.insurer.saved": "CRM: страховщик сохранён",
  "crm.calculation.added": "CRM: расчёт добавлен",
  "crm.calculation.deleted": "CRM: расчёт удалён",
  "crm.calculation.chosen": "CRM: клиент выбрал вариант",
  "crm.policy.added": "CRM: полис внесён",
  "crm.payment.recorded": "CRM: оплата взноса",
  "crm.income.recorded": "CRM: доход внесён",
  "crm.income.deleted": "CRM: доход удалён",
  "crm.expense.recorded": "CRM: расход внесён",
  "crm.expense.deleted": "CRM: расход удалён",
};

export const CRM_AUDIT_ENTITIES: Record<string, string> = {
  CrmClient: "Клиент", CrmDeal: "Сделка", CrmJournalEntry: "Запись журнала", CrmDocument: "Файл сделки", CrmTask: "Задача",
  CrmInsurer: "Страховщик", CrmCalculation: "Расчёт", CrmPolicy: "Полис", CrmInstallment: "Взнос", CrmIncome: "Доход", CrmExpense: "Расход",
};
