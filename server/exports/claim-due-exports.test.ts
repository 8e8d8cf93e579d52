import { beforeAll, describe, expect, it } from "vitest";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { withSystem, withTenant } from "../db";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { createCompany } from "../test/factories";
import { claimDueExports } from "./claim-due-exports";
import { saveExportConfig } from "./save-export-config";
import { listExportRuns } from "./list-export-runs";

beforeAll(() => ensureJobQueueSchema());

describe("the export scheduler", () => {
  it("starts a due exporter once per scheduled time and moves its next run; disabled modules are skipped", async () => {
    const company = await createCompany("Расписание", ["exports"]);
    await saveExportConfig({ companyId: company.id, actor: SYSTEM_ACTOR, exporter: "orders", enabled: true, sheetName: "Заказы", strategy: "upsert", incremental: true, columns: [], schedule: { kind: "hourly" } });
    const due = new Date(Date.now() - 60_000);
    await withSystem((tx) => tx.exportConfig.updateMany({ where: { companyId: company.id }, data: { nextRunAt: due } }));

    expect((await claimDueExports({ now: new Date() })).started).toBeGreaterThanOrEqual(1);
    expect((await claimDueExports({ now: new Date() })).started).toBe(0);
    const runs = await withTenant(company.id, (tx) => tx.jobRun.findMany({ where: { type: "exports-run" } }));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.trigger).toBe("schedule");
    const config = await withTenant(company.id, (tx) => tx.exportConfig.findFirst());
    expect(config!.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(config!.lastJobRunId).toBe(runs[0]!.id);

    const off = await createCompany("Без модуля", []);
    await saveExportConfig({ companyId: off.id, actor: SYSTEM_ACTOR, exporter: "orders", enabled: true, sheetName: "Заказы", strategy: "upsert", incremental: true, columns: [], schedule: { kind: "hourly" } });
    await withSystem((tx) => tx.exportConfig.updateMany({ where: { companyId: off.id }, data: { nextRunAt: due } }));
    await claimDueExports({ now: new Date() });
    expect(await withTenant(off.id, (tx) => tx.jobRun.count())).toBe(0);
  });

  it("never overlaps runs of one exporter: a due run while the previous is unfinished is skipped, with the reason in the history", async () => {
    const company = await createCompany("Без наложений", ["exports"]);
    await saveExportConfig({ companyId: company.id, actor: SYSTEM_ACTOR, exporter: "sales", enabled: true, sheetName: "Продажи", strategy: "upsert", incremental: true, columns: [], schedule: { kind: "every15" } });
    const makeDue = (minutesAgo: number) => withSystem((tx) => tx.exportConfig.updateMany({ where: { companyId: company.id }, data: { nextRunAt: new Date(Date.now() - minutesAgo * 60_000) } }));
    await makeDue(30);
    await claimDueExports({ now: new Date() });
    const [first] = await withTenant(company.id, (tx) => tx.jobRun.findMany({ where: { type: "exports-run" } }));
    expect(first!.status).toBe("queued");

    // 15 minutes later the first run has not finished yet.
    await makeDue(15);
    await claimDueExports({ now: new Date() });
    const runs = await withTenant(company.id, (tx) => tx.jobRun.findMany({ where: { type: "exports-run" }, orderBy: { createdAt: "asc" } }));
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ trigger: "schedule", status: "cancelled", errorKind: "skipped" });
    expect(runs[1]!.error).toMatch(/пропущен: предыдущая выгрузка .* ждёт в очереди/);
    // Only one run was enqueued; the exporter still points at the real one.
    expect((await withTenant(company.id, (tx) => tx.exportConfig.findFirst()))!.lastJobRunId).toBe(first!.id);
    const page = await listExportRuns({ companyId: company.id, configId: (runs[0]!.input as { configId: string }).configId, page: 1, pageSize: 10 });
    expect(page.items[0]).toMatchObject({ status: "cancelled", skipped: true });

    // Once it finished, the next due time starts a run again.
    await withTenant(company.id, (tx) => tx.jobRun.update({ where: { id: first!.id }, data: { status: "succeeded", finishedAt: new Date() } }));
    await makeDue(1);
    expect((await claimDueExports({ now: new Date() })).started).toBeGreaterThanOrEqual(1);
  });

  it("validates settings with Russian messages", async () => {
    const company = await createCompany("Проверки", ["exports"]);
    const base = { companyId: company.id, actor: SYSTEM_ACTOR, exporter: "orders", enabled: true, sheetName: "Заказы", strategy: "upsert" as const, incremental: true, columns: [], schedule: { kind: "hourly" as const } };
    await expect(saveExportConfig({ ...base, sheetName: "Лист/1" })).rejects.toThrow("Название листа");
    await expect(saveExportConfig({ ...base, strategy: "append", incremental: false })).rejects.toThrow("Дозапись работает только");
    await expect(saveExportConfig({ ...base, schedule: { kind: "cron", cron: "* * * * *" } })).rejects.toThrow("слишком частое");
    await saveExportConfig(base);
    await expect(saveExportConfig({ ...base, exporter: "sales" })).rejects.toThrow("уже занят");
  });
});
