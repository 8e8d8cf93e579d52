/** Product modules a company switches on; navigation shows only the enabled ones. */
export const MODULES = [
  {
    id: "exports", label: "Выгрузки МойСклад → Google Таблицы",
    description: "Регулярные выгрузки 29 сущностей МойСклад в Google Таблицы: дозапись, обновление по ключу или полная замена.",
    integrations: ["moysklad", "google_sheets"],
  },
  {
    id: "automations", label: "Автоматизации между компаниями и дилеры",
    description: "Событие в одной компании создаёт документ в связанной; уведомления дилерам в Telegram.",
    integrations: ["moysklad", "telegram"],
  },
  {
    id: "procurement", label: "Закупки: заявки по почте",
    description: "Заявки клиентов из почты, разбор AI, запросы поставщикам, сравнение ответов и КП в PDF.",
    integrations: ["mail", "ai", "telegram"],
  },
  {
    id: "crm", label: "CRM страхового брокера",
    description: "Клиенты, сделки с журналом и документами, задачи, расчёты, полисы, платежи, доходы и расходы.",
    integrations: ["telegram"],
  },
  {
    id: "analytics", label: "AI-аналитика продаж",
    description: "Ежедневные отчёты по сделкам amoCRM и диалогам Radist в Telegram с ответами на вопросы.",
    integrations: ["amocrm", "radist", "ai", "telegram"],
  },
  {
    id: "sync", label: "Синхронизация 1С ↔ Битрикс24",
    description: "Обмен заказами и статусами курьерской доставки между 1С:УТ и Битрикс24.",
    integrations: ["onec", "bitrix24"],
  },
] as const;

export type TModuleId = (typeof MODULES)[number]["id"];
export const MODULE_IDS = MODULES.map((m) => m.id) as [TModuleId, ...TModuleId[]];
