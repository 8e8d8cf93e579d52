/**
 * Bad configuration fails fast with a Russian explanation and a hint, and the exporter shows as failing while its
 * settings and schedule stay: spreadsheet not shared (403), shared read-only, deleted (404), a sheet deleted between
 * runs, a revoked MoySklad token (401). Real clients against the simulators (their admin knobs), the graphile worker.
 */
import { startExportStand, type TExportStand } from "./test-stand";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TSandbox } from "../../sandbox";
import { moyskladDemo } from "../../sandbox/moysklad/server";
import { createSpreadsheet, dumpSpreadsheet, findSpreadsheet, shareSpreadsheet } from "../../sandbox/google/admin";
import { applyBatchUpdate } from "../../sandbox/google/batch-update";
import { withTenant } from "../db";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { callerFor, createMember } from "../test/factories";
import { saveExportConfig } from "./save-export-config";
import { saveExportSettings } from "./save-export-settings";
import { setMaxSpreadsheetCells } from "./run-export";
import { TRUNCATED_MARK } from "./columns";

let stand: TExportStand;
let sandbox: TSandbox;
let companyId: string;
const admin = () => stand.admin();
const email = () => sandbox.credentials.googleSheets.clientEmail;
const state = () => sandbox.simulators.google.state;
const newSpreadsheet = (sharedWith?: string[], readers?: string[]) => stand.newSpreadsheet(sharedWith, readers);

beforeAll(async () => {
  stand = await startExportStand({ seed: "exports-bad-config", documents: 6, companyName: "Плохие настройки", concurrency: 1 });
  ({ sandbox, companyId } = stand);
  await saveExportConfig({ companyId, actor: SYSTEM_ACTOR, exporter: "orders", enabled: true, sheetName: "Заказы", strategy: "upsert", incremental: true, columns: [], schedule: { kind: "hourly" } });
}, 180_000);

afterAll(async () => {
  await stand?.stop();
});

async function useSpreadsheet(id: string) {
  await saveExportSettings({ companyId, actor: SYSTEM_ACTOR, spreadsheet: id });
}

const runAndWait = () => stand.runAndWait("orders");

const config = () => withTenant(companyId, (tx) => tx.exportConfig.findFirstOrThrow({ where: { exporter: "orders" } }));

async function expectFailing(pattern: RegExp) {
  const before = await config();
  const run = await runAndWait();
  expect(run.status).toBe("failed");
  // Fails fast: one attempt, no retries with backoff.
  expect(run.attempts).toBe(1);
  expect(run.error).toMatch(pattern);
  const after = await config();
  expect(after.lastError).toBe(run.error);
  // The failing step's log line says the same (explained where it happens, whatever the job runtime).
  const events = await withTenant(companyId, (tx) => tx.jobRunEvent.findMany({ where: { jobRunId: run.id, level: "error" } }));
  expect(events.some((e) => e.message.includes(run.error!))).toBe(true);
  // The schedule and settings stay as they were.
  expect(after).toMatchObject({ enabled: true, scheduleKind: "hourly", strategy: "upsert", sheetName: "Заказы" });
  expect(after.nextRunAt?.getTime()).toBe(before.nextRunAt?.getTime());
  const owner = await createMember(companyId, "viewer");
  const row = (await callerFor(owner.user, companyId).exports.overview()).areas.flatMap((a) => a.exporters).find((e) => e.slug === "orders")!;
  expect(row.config).toMatchObject({ failing: true, lastError: run.error });
  return run;
}

describe("bad configuration", () => {
  it("spreadsheet not shared with the service account (403): explains and names the account to share with", async () => {
    await useSpreadsheet(newSpreadsheet([]));
    await expectFailing(new RegExp(`не открыта для записи.*${email().replace(/[.]/g, "\\.")}.*«Редактор»`));
  });

  it("spreadsheet shared read-only (another role): the write is refused, same hint", async () => {
    const id = newSpreadsheet([], [email()]);
    await useSpreadsheet(id);
    await expectFailing(/не открыта для записи.*«Редактор»/);
  });

  it("spreadsheet deleted (404): explains and hints to set another one", async () => {
    const id = newSpreadsheet();
    await useSpreadsheet(id);
    expect((await fetch(`${sandbox.urls.googleSheets.replace(/\/$/, "")}/__sandbox/spreadsheets/${id}`, { method: "DELETE" })).status).toBe(200);
    await expectFailing(/Google Таблица не найдена.*Укажите действующую таблицу/);
  });

  it("revoked MoySklad token (401): explains and hints where to make a new one", async () => {
    await useSpreadsheet(newSpreadsheet());
    await admin().seed({ tokens: {} });
    try {
      await expectFailing(/МойСклад не принял токен.*Настройки → Токены/);
    } finally {
      await admin().seed({ tokens: { [sandbox.configs.moysklad.token]: moyskladDemo.employeeId } });
    }
  });

  it("a MoySklad token without rights to the documents (403, e.g. another account's user): explains and hints", async () => {
    await useSpreadsheet(newSpreadsheet());
    await admin().injectFaults([{ path: "/entity/customerorder", status: 403, times: 1, code: 1016, error: "Доступ запрещён" }]);
    await expectFailing(/нет прав на чтение данных «Заказы покупателей».*Выдайте права в МойСклад/);
  });

  it("once fixed, the next run succeeds and the exporter is no longer failing", async () => {
    const id = newSpreadsheet([]);
    await useSpreadsheet(id);
    await expectFailing(/не открыта для записи/);
    shareSpreadsheet(findSpreadsheet(state(), id)!, email(), "writer");
    const run = await runAndWait();
    expect(run.status).toBe("succeeded");
    expect((await config()).lastError).toBeNull();
  });

  it("a sheet deleted between runs is created again and filled in full, not just with the latest changes", async () => {
    const id = newSpreadsheet();
    await useSpreadsheet(id);
    const first = await runAndWait();
    expect(first.status).toBe("succeeded");
    const total = (first.counters as { inserted: number }).inserted;
    const spreadsheet = findSpreadsheet(state(), id)!;
    const sheetId = spreadsheet.sheets.find((s) => s.title === "Заказы")!.sheetId;
    applyBatchUpdate(spreadsheet, { requests: [{ deleteSheet: { sheetId } }] }, { maxCells: 10_000_000, maxCellChars: 50_000 });
    const second = await runAndWait();
    expect(second.status).toBe("succeeded");
    const rows = dumpSpreadsheet(spreadsheet).sheets.find((s) => s.title === "Заказы")!.values;
    expect(rows.length - 1).toBe(total);
  });
});

describe("sheet limits", () => {
  it("refuses before writing past the cell limit, with the numbers", async () => {
    const s = state();
    const id = createSpreadsheet(s, { title: "Тесно", sharedWith: [email()], sheets: [{ title: "Заказы", rowCount: 2, columnCount: 40 }] }, { maxCells: s.settings.maxCells, maxCellChars: s.settings.maxCellChars }).spreadsheetId;
    await useSpreadsheet(id);
    // The sheet exists already: a full read (no incremental cursor) so there are rows to write.
    await withTenant(companyId, (tx) => tx.exportConfig.updateMany({ data: { cursor: null } }));
    setMaxSpreadsheetCells(60);
    try {
      const run = await runAndWait();
      expect(run.status).toBe("failed");
      expect(run.attempts).toBe(1);
      expect(run.error).toMatch(/не хватит места: понадобится \d[\d\s]* ячеек при пределе 60 \(лист «Заказы»: \d+ строк × \d+ столбцов/);
      // Only the header was written: no data row went past the limit.
      expect(dumpSpreadsheet(findSpreadsheet(s, id)!).sheets[0]!.values.length).toBe(1);
    } finally {
      setMaxSpreadsheetCells();
    }
  });

  it("cuts a value over 50,000 characters, marks it, and says so in the run's log", async () => {
    await useSpreadsheet(newSpreadsheet());
    const long = "Длинный комментарий. ".repeat(3000);
    expect(long.length).toBeGreaterThan(50_000);
    const ms = sandbox.configs.moysklad;
    const list = (await (await fetch(`${ms.baseUrl.replace(/\/$/, "")}/entity/customerorder?limit=1`, { headers: { Authorization: `Bearer ${ms.token}`, "Accept-Encoding": "gzip" } })).json()) as { rows: Record<string, unknown>[] };
    const sample = list.rows[0]!;
    const created = await admin().create("customerorder", { name: "LONG-1", description: long, organization: sample.organization, agent: sample.agent });
    const run = await runAndWait();
    expect(run.status).toBe("succeeded");
    expect((run.counters as { truncatedCells: number }).truncatedCells).toBe(1);
    const rows = dumpSpreadsheet(findSpreadsheet(state(), (await withTenant(companyId, (tx) => tx.exportSettings.findFirstOrThrow())).spreadsheetId)!).sheets.find((x) => x.title === "Заказы")!.values;
    const header = rows[0] as string[];
    const row = rows.find((r) => r[0] === created.id)!;
    const cell = String(row[header.indexOf("Комментарий")]);
    expect(cell.length).toBe(50_000);
    expect(cell.endsWith(TRUNCATED_MARK)).toBe(true);
    const events = await withTenant(companyId, (tx) => tx.jobRunEvent.findMany({ where: { jobRunId: run.id } }));
    expect(events.some((e) => e.message.includes("Обрезано ячеек длиннее 50 000 символов: 1"))).toBe(true);
  });
});
