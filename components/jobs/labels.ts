import type { BadgeVariant } from "@/components/ui/badge";

export const JOB_STATUS: Record<string, { label: string; variant: BadgeVariant }> = {
  queued: { label: "В очереди", variant: "neutral" },
  running: { label: "Выполняется", variant: "info" },
  succeeded: { label: "Успешно", variant: "success" },
  failed: { label: "Ошибка", variant: "danger" },
  cancelled: { label: "Отменено", variant: "warning" },
};

export const JOB_TRIGGER: Record<string, string> = { schedule: "По расписанию", manual: "Вручную", event: "По событию" };

export function isActiveStatus(status: string): boolean {
  return status === "queued" || status === "running";
}

export function runDuration(run: { startedAt: Date | null; finishedAt: Date | null }): number | null {
  if (!run.startedAt) return null;
  return (run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime();
}

export function formatCounters(counters: unknown): string {
  if (!counters || typeof counters !== "object") return "—";
  const entries = Object.entries(counters as Record<string, unknown>);
  return entries.length ? entries.map(([k, v]) => `${k}: ${String(v)}`).join(", ") : "—";
}
