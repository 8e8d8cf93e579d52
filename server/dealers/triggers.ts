/** What dealers are told about: MoySklad events of their bound counterparties. */

export const DEALER_TRIGGERS = [
  {
    id: "order_created", entityType: "customerorder", label: "Заказ создан",
    defaultText: "🛒 Новый заказ № {{number}} от {{date}}\nКонтрагент: {{counterparty}}\nСумма: {{sum}}\n{{positions}}\n{{link}}",
  },
  {
    id: "payment_in", entityType: "paymentin", label: "Входящий платёж",
    defaultText: "💳 Получен платёж № {{number}} от {{date}}\nПлательщик: {{counterparty}}\nСумма: {{sum}}\n{{link}}",
  },
  {
    id: "shipment", entityType: "demand", label: "Отгрузка",
    defaultText: "🚚 Отгрузка № {{number}} от {{date}}\nКонтрагент: {{counterparty}}\nСумма: {{sum}}\n{{positions}}\n{{link}}",
  },
] as const;

export type TDealerTriggerId = (typeof DEALER_TRIGGERS)[number]["id"];
export const DEALER_TRIGGER_IDS = DEALER_TRIGGERS.map((t) => t.id) as [TDealerTriggerId, ...TDealerTriggerId[]];

export function triggerForEntity(entityType: string) {
  return DEALER_TRIGGERS.find((t) => t.entityType === entityType);
}

export function triggerDef(id: string) {
  return DEALER_TRIGGERS.find((t) => t.id === id);
}

export const TEMPLATE_PLACEHOLDERS = [
  { key: "number", label: "номер документа" },
  { key: "date", label: "дата" },
  { key: "sum", label: "сумма в рублях" },
  { key: "counterparty", label: "контрагент" },
  { key: "positions", label: "позиции (кратко)" },
  { key: "link", label: "ссылка на документ в МойСклад" },
  { key: "dealer", label: "имя дилера" },
] as const;
