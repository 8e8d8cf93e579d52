/** Russian labels of CRM enums (shared by the server's messages and the UI). */
export const DEAL_STAGES = ["new", "calculation", "negotiation", "issuing", "active", "closed", "lost"] as const;
export type TDealStage = (typeof DEAL_STAGES)[number];

export const STAGE_LABELS: Record<TDealStage, string> = {
  new: "Новая",
  calculation: "Расчёт",
  negotiation: "Согласование",
  issuing: "Оформление",
  active: "Полис действует",
  closed: "Закрыта",
  lost: "Отказ",
};

export const TASK_TYPES = ["calculation", "issuing", "other"] as const;
export type TTaskType = (typeof TASK_TYPES)[number];
export const TASK_TYPE_LABELS: Record<TTaskType, string> = { calculation: "Расчёт", issuing: "Оформление", other: "Другое" };

export const TASK_STATUS_LABELS: Record<"open" | "done" | "cancelled", string> = { open: "В работе", done: "Выполнена", cancelled: "Отменена" };

export const CLIENT_KIND_LABELS: Record<"person" | "company", string> = { person: "Физлицо", company: "Организация" };

/** Kinds a member may switch off (shown on the CRM notification settings). */
export const NOTIFICATION_KIND_LABELS = {
  "task.assigned": "Мне поставили задачу",
  "calculation.ready": "Расчёт готов",
  "task.done": "Задача выполнена",
  "calculation.chosen": "Клиент выбрал вариант",
  "deal.created": "Новая сделка (руководителям)",
  "payment.recorded": "Внесены деньги по сделке",
  "installment.due": "Скоро срок оплаты взноса",
  "policy.ending": "Полис заканчивается (за 30, 14 и 7 дней)",
  "review.reached": "Наступила дата просмотра сделки",
} as const;
