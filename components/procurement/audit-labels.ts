/** Russian names of the procurement module's audit actions and entities (merged into components/audit/labels.ts). */
export const PROCUREMENT_AUDIT_ACTIONS: Record<string, string> = {
  "procurement.order.created": "Закупки: заявка создана",
  "procurement.order.items_saved": "Закупки: позиции заявки изменены",
  "procurement.order.status_changed": "Закупки: статус заявки изменён",
  "procurement.order.supplier_chosen": "Закупки: выбран поставщик позиции",
  "procurement.rfq.requested": "Закупки: запросы поставщикам поставлены в очередь",
  "procurement.rfq.sent": "Закупки: запрос поставщику отправлен",
  "procurement.rfq.failed": "Закупки: запрос поставщику не отправлен",
  "procurement.rfq.reminded": "Закупки: поставщику отправлено напоминание",
  "procurement.rfq.timed_out": "Закупки: поставщик не ответил",
  "procurement.quote.received": "Закупки: получено предложение поставщика",
  "procurement.offer.created": "Закупки: КП сформировано",
  "procurement.offer.sent": "Закупки: КП отправлено клиенту",
  "procurement.offer.send_failed": "Закупки: КП не отправлено",
  "procurement.client.created": "Закупки: клиент создан",
  "procurement.client.updated": "Закупки: клиент изменён",
  "procurement.client.deleted": "Закупки: клиент удалён",
  "procurement.supplier.created": "Закупки: поставщик создан",
  "procurement.supplier.updated": "Закупки: поставщик изменён",
  "procurement.supplier.deleted": "Закупки: поставщик удалён",
  "procurement.settings.updated": "Закупки: настройки изменены",
  "procurement.telegram.code_created": "Закупки: код привязки Telegram выдан",
  "procurement.telegram.linked": "Закупки: Telegram привязан",
  "procurement.telegram.unlinked": "Закупки: Telegram отвязан",
  "procurement.telegram.blocked": "Закупки: бот заблокирован пользователем",
};

export const PROCUREMENT_AUDIT_ENTITIES: Record<string, string> = {
  ProcOrder: "Заявка",
  ProcClient: "Клиент закупок",
  ProcSupplier: "Поставщик",
  ProcSettings: "Настройки закупок",
};
