/** Source events (MoySklad webhooks) and target actions (documents created at the partner). */

export const SOURCE_EVENTS = [
  { id: "customerorder.created", entityType: "customerorder", action: "CREATE", label: "Создан заказ покупателя" },
  { id: "demand.created", entityType: "demand", action: "CREATE", label: "Создана отгрузка" },
  { id: "paymentin.created", entityType: "paymentin", action: "CREATE", label: "Создан входящий платёж" },
  { id: "invoiceout.created", entityType: "invoiceout", action: "CREATE", label: "Создан счёт покупателю" },
  { id: "purchaseorder.created", entityType: "purchaseorder", action: "CREATE", label: "Создан заказ поставщику" },
  { id: "supply.created", entityType: "supply", action: "CREATE", label: "Создана приёмка" },
  { id: "salesreturn.created", entityType: "salesreturn", action: "CREATE", label: "Создан возврат покупателя" },
] as const;

export type TSourceEventId = (typeof SOURCE_EVENTS)[number]["id"];
export const SOURCE_EVENT_IDS = SOURCE_EVENTS.map((e) => e.id) as [TSourceEventId, ...TSourceEventId[]];

export const TARGET_ACTIONS = [
  { id: "supply", label: "Приёмка" },
  { id: "purchaseorder", label: "Заказ поставщику" },
  { id: "customerorder", label: "Заказ покупателя" },
  { id: "invoicein", label: "Счёт поставщика" },
  { id: "paymentout", label: "Исходящий платёж" },
  { id: "demand", label: "Отгрузка" },
  { id: "purchasereturn", label: "Возврат поставщику" },
] as const;

export type TTargetAction = (typeof TARGET_ACTIONS)[number]["id"];
export const TARGET_ACTION_IDS = TARGET_ACTIONS.map((a) => a.id) as [TTargetAction, ...TTargetAction[]];

export function sourceEventOf(entityType: string, action: string): TSourceEventId | undefined {
  return SOURCE_EVENTS.find((e) => e.entityType === entityType && e.action === action)?.id;
}

export function sourceEventDef(id: string) {
  return SOURCE_EVENTS.find((e) => e.id === id);
}

/** Fields the source document is read with (positions with their products, the counterparty). */
export const SOURCE_EXPAND = "positions.assortment,agent,organization";

/** The demo rule: a shipment at the supplier becomes a receiving (supply) at the buyer. */
export const DEMAND_TO_SUPPLY_MAPPING = {
  organization: { $first: "organization" },
  store: { $first: "store" },
  agent: { $lookup: "counterparty", by: "inn", value: "{{sourceCompany.inn}}" },
  description: "Создано автоматически по отгрузке № {{source.name}} от {{sourceCompany.name}}",
  positions: {
    $each: "source.positions.rows",
    $item: {
      quantity: "{{item.quantity}}",
      price: "{{item.price}}",
      assortment: { $lookup: "product", by: "code", value: "{{item.assortment.code}}" },
    },
  },
} as const;

export const DEFAULT_KEY_TEMPLATE = "{{event.type}}:{{event.id}}";
