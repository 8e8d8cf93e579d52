import type { BadgeVariant } from "@/components/ui/badge";

export const LINK_STATUS: Record<string, { label: string; variant: BadgeVariant }> = {
  pending: { label: "Ждёт подтверждения", variant: "warning" },
  active: { label: "Активна", variant: "success" },
  paused: { label: "Приостановлена", variant: "warning" },
  revoked: { label: "Разорвана", variant: "danger" },
};

export const JOB_STATUS: Record<string, { label: string; variant: BadgeVariant }> = {
  queued: { label: "В очереди", variant: "neutral" },
  running: { label: "Выполняется", variant: "info" },
  retrying: { label: "Повтор", variant: "warning" },
  succeeded: { label: "Создан документ", variant: "success" },
  failed: { label: "Ошибка", variant: "danger" },
  cancelled: { label: "Отменён", variant: "neutral" },
  blocked: { label: "Заблокирован", variant: "warning" },
};

export const DEALER_STATUS: Record<string, { label: string; variant: BadgeVariant }> = {
  pending: { label: "Не подписан", variant: "neutral" },
  active: { label: "Получает", variant: "success" },
  paused: { label: "Пауза", variant: "warning" },
  blocked: { label: "Заблокировал бота", variant: "danger" },
};

export const DELIVERY_STATUS: Record<string, { label: string; variant: BadgeVariant }> = {
  queued: { label: "В очереди", variant: "neutral" },
  sent: { label: "Отправлено", variant: "success" },
  failed: { label: "Ошибка", variant: "danger" },
  blocked: { label: "Бот заблокирован", variant: "danger" },
  skipped: { label: "Пропущено", variant: "neutral" },
};

export const EVENT_LABELS: Record<string, string> = {
  "customerorder.created": "Создан заказ покупателя",
  "demand.created": "Создана отгрузка",
  "paymentin.created": "Создан входящий платёж",
  "invoiceout.created": "Создан счёт покупателю",
  "purchaseorder.created": "Создан заказ поставщику",
  "supply.created": "Создана приёмка",
  "salesreturn.created": "Создан возврат покупателя",
};

export const ACTION_LABELS: Record<string, string> = {
  supply: "Приёмка",
  purchaseorder: "Заказ поставщику",
  customerorder: "Заказ покупателя",
  invoicein: "Счёт поставщика",
  paymentout: "Исходящий платёж",
  demand: "Отгрузка",
  purchasereturn: "Возврат поставщику",
};

export const TRIGGER_LABELS: Record<string, string> = { order_created: "Заказ создан", payment_in: "Входящий платёж", shipment: "Отгрузка" };
