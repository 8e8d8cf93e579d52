import { describe, expect, it } from "vitest";
import { nextRunAt, validateSchedule } from "./schedule";

const from = new Date("2026-11-23T10:07:00Z");

describe("export schedules", () => {
  it("computes the next run in the company timezone", () => {
    expect(nextRunAt({ kind: "every15" }, "Europe/Moscow", from)?.toISOString()).toBe("2026-11-23T10:15:00.000Z");
    expect(nextRunAt({ kind: "hourly" }, "Europe/Moscow", from)?.toISOString()).toBe("2026-11-23T11:00:00.000Z");
    // 07:30 in Yekaterinburg (UTC+5) is 02:30 UTC: already past today → tomorrow.
    expect(nextRunAt({ kind: "daily", time: "07:30" }, "Asia/Yekaterinburg", from)?.toISOString()).toBe("2026-11-24T02:30:00.000Z");
    expect(nextRunAt({ kind: "cron", cron: "0 9 * * 1-5" }, "Europe/Moscow", from)?.toISOString()).toBe("2026-11-24T06:00:00.000Z");
    expect(nextRunAt({ kind: "manual" }, "Europe/Moscow", from)).toBeNull();
  });

  it("refuses bad times, bad expressions and too frequent schedules with Russian messages", () => {
    expect(() => nextRunAt({ kind: "daily", time: "25:00" }, "Europe/Moscow")).toThrow("ЧЧ:ММ");
    expect(() => nextRunAt({ kind: "cron", cron: "every day" }, "Europe/Moscow")).toThrow("Некорректное cron-выражение");
    expect(() => validateSchedule({ kind: "cron", cron: "* * * * *" }, "Europe/Moscow")).toThrow("слишком частое");
    expect(() => validateSchedule({ kind: "cron", cron: "*/10 * * * *" }, "Europe/Moscow")).not.toThrow();
  });
});
