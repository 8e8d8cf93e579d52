/** Russian labels of the procurement module (statuses, history actions). */
import type { BadgeVariant } from "@/components/ui/badge";

export const ORDER_STATUSES: { value: string; label: string; variant: BadgeVariant }[] = [
  { value: "new", label: "Новая", variant: "info" },
  { value: "needs_review", label: "Требует проверки", variant: "warning" },
  { value: "rfq_sent", label: "Запросы отправлены", variant: "neutral" },
  { value: "quoted", label: "Есть предложения", variant: "info" },
  { value: "offer_sent", label: "КП отправлено", variant: "success" },
  { value: "won", label: "Выиграна", variant: "success" },
  { value: "lost", label: "Проиграна", variant: "danger" },
  { value: "cancelled", label: "Отменена", variant: "neutral" },
];

export const orderStatus = (s: string) => ORDER_STATUSES.find((x) => x.value === s) ?? { value: s, label: s, variant: "neutral" as const };

export const RFQ_STATUSES: Record<string, { label: string; variant: BadgeVariant }> = {
  queued: { label: "в очереди", variant: "neutral" },
  sent: { label: "отправлен", variant: "info" },
  answered: { label: "ответ получен", variant: "success" },
  no_answer: { label: "нет ответа", variant: "warning" },
  failed: { label: "ошибка", variant: "danger" },
};

export const AI_STATUSES: Record<string, string> = {
  ok: "разобрано ИИ",
  unsure: "ИИ не уверен",
  failed: "ошибка ИИ",
  disabled: "ИИ не настроен",
  manual: "вручную",
};

export const HISTORY_ACTIONS: Record<string, string> = {
  "procurement.order.created": "Заявка создана из письма",
  "procurement.order.items_saved": "Позиции изменены",
  "procurement.order.status_changed": "Статус изменён",
  "procurement.order.supplier_chosen": "Выбран поставщик для позиции",
  "procurement.rfq.requested": "Запрос цены поставлен в очередь",
  "procurement.rfq.sent": "Запрос цены отправлен",
  "procurement.rfq.reminded": "Отправлено напоминание",
  "procurement.rfq.failed": "Запрос не отправлен",
  "procurement.rfq.timed_out": "Поставщик не ответил вовремя",
  "procurement.quote.received": "Получен ответ поставщика",
  "procurement.offer.created": "Сформировано КП",
  "procurement.offer.sent": "КП отправлено клиенту",
  "procurement.offer.send_failed": "КП не отправлено",
};

export const money = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : n.toLocaleString("ru-RU", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
