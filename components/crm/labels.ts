import type { BadgeVariant } from "@/components/ui/badge";

export { STAGE_LABELS, DEAL_STAGES, TASK_TYPE_LABELS, TASK_STATUS_LABELS, CLIENT_KIND_LABELS, NOTIFICATION_KIND_LABELS } from "@/server/crm/labels";

export const STAGE_VARIANTS: Record<string, BadgeVariant> = {
  new: "neutral", calculation: "info", negotiation: "info", issuing: "warning", active: "success", closed: "neutral", lost: "danger",
};

export const INSTALLMENT_STATUS: Record<"paid" | "overdue" | "partial" | "due", { label: string; variant: BadgeVariant }> = {
  paid: { label: "Оплачен", variant: "success" },
  overdue: { label: "Просрочен", variant: "danger" },
  partial: { label: "Частично", variant: "warning" },
  due: { label: "Ожидается", variant: "neutral" },
};

export const INCOME_KIND_LABELS: Record<string, string> = { commission: "Комиссия", bonus: "Бонус страховщика", other: "Прочий доход" };
export const EXPENSE_KIND_LABELS: Record<string, string> = { agent: "Агентское вознаграждение", discount: "Скидка клиенту", other: "Прочий расход" };

