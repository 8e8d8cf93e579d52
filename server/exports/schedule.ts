import { CronExpressionParser } from "cron-parser";
import { AppError } from "../errors";

export type TScheduleKind = "every15" | "hourly" | "daily" | "cron" | "manual";
export type TSchedule = { kind: TScheduleKind; time?: string | null; cron?: string | null };

export const SCHEDULE_LABELS: Record<TScheduleKind, string> = {
  every15: "Каждые 15 минут",
  hourly: "Каждый час",
  daily: "Ежедневно",
  cron: "По cron-выражению",
  manual: "Только вручную",
};

/** Scheduled exports may not run more often than this (quota protection). */
export const MIN_INTERVAL_MINUTES = 5;

function cronOf(s: TSchedule): string | null {
  switch (s.kind) {
    case "every15": return "*/15 * * * *";
    case "hourly": return "0 * * * *";
    case "daily": {
      const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.time ?? "");
      if (!m) throw new AppError("BAD_REQUEST", "Время запуска: укажите в формате ЧЧ:ММ, например 07:30");
      return `${Number(m[2])} ${Number(m[1])} * * *`;
    }
    case "cron": return (s.cron ?? "").trim();
    case "manual": return null;
  }
}

/** The next run strictly after `from`, in the company's timezone; null for manual-only exporters. */
export function nextRunAt(schedule: TSchedule, timezone: string, from: Date = new Date()): Date | null {
  const expr = cronOf(schedule);
  if (expr === null) return null;
  try {
    return CronExpressionParser.parse(expr, { tz: timezone, currentDate: from }).next().toDate();
  } catch {
    throw new AppError("BAD_REQUEST", `Некорректное cron-выражение «${expr}». Пример: 30 7 * * 1-5 (по будням в 7:30)`);
  }
}

/** Validates a schedule: a parseable expression that does not fire more often than every 5 minutes. */
export function validateSchedule(schedule: TSchedule, timezone: string): void {
  const first = nextRunAt(schedule, timezone);
  if (!first || schedule.kind !== "cron") return;
  const it = CronExpressionParser.parse(cronOf(schedule)!, { tz: timezone, currentDate: first });
  for (let i = 0; i < 5; i++) {
    const a = it.next().toDate();
    const b = it.next().toDate();
    if (b.getTime() - a.getTime() < MIN_INTERVAL_MINUTES * 60_000) {
      throw new AppError("BAD_REQUEST", `Расписание слишком частое: выгрузки не чаще одного раза в ${MIN_INTERVAL_MINUTES} минут`);
    }
  }
}
