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
