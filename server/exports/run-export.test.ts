/**
 * The export engine end to end: real MoySklad and Google Sheets clients over HTTP against the simulators,
 * the job run by the graphile-worker runtime, a real PostgreSQL.
 */
import { startExportStand, type TExportStand } from "./test-stand";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TSandbox } from "../../sandbox";
import { dumpSpreadsheet, findSpreadsheet } from "../../sandbox/google/admin";
import { withSystem, withTenant } from "../db";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { unlimitedSheetsLimiter } from "../integrations/google-sheets/throttle";
import { callerFor, createCompany, createMember } from "../test/factories";
import { EXPORTERS } from "./catalog";
import { saveExportConfig } from "./save-export-config";
import { requestExportRun } from "./request-export-run";
import { saveExportSettings } from "./save-export-settings";
import { EXTERNAL_ID_HEADER } from "./transform";
import { runExport, setChunkRows } from "./run-export";
import { createExportPorts, setExportClientOptions } from "./adapters";
import type { TStepTools } from "../../inngest/define";

let stand: TExportStand;
let sandbox: TSandbox;
let companyId: string;
let spreadsheetId: string;
const admin = () => stand.admin();

beforeAll(async () => {
  stand = await startExportStand({ seed: "exports-test", documents: 12, companyName: "Экспорт", concurrency: 2 });
  ({ sandbox, companyId } = stand);
  spreadsheetId = stand.newSpreadsheet();
  await saveExportSettings({ companyId, actor: SYSTEM_ACTOR, spreadsheet: `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit#gid=0` });
}, 180_000);

afterAll(async () => {
  await stand?.stop();
});

function sheet(title: string): unknown[][] {
  const s = dumpSpreadsheet(findSpreadsheet(sandbox.simulators.google.state, spreadsheetId)!).sheets.find((x) => x.title === title);
  return s?.values ?? [];
}

async function configure(exporter: string, strategy: "append" | "upsert" | "replace", sheetName: string) {
  await saveExportConfig({ companyId, actor: SYSTEM_ACTOR, exporter, enabled: true, sheetName, strategy, incremental: strategy !== "replace", columns: [], schedule: { kind: "manual" } });
}

const runAndWait = (exporter: string) => stand.runAndWait(exporter);

describe("strategies", () => {
  it("upsert: writes every order once, then only changes, in place", async () => {
    await configure("orders", "upsert", "Заказы");
    const first = await runAndWait("orders");
    expect(first.error).toBeNull();
    expect(first.status).toBe("succeeded");
    const rows = sheet("Заказы");
    expect(rows[0]![0]).toBe(EXTERNAL_ID_HEADER);
    expect(rows[0]).toContain("Контрагент");
    const total = (first.counters as { inserted: number }).inserted;
    expect(total).toBeGreaterThan(0);
    expect(rows.length).toBe(total + 1);
    const ids = rows.slice(1).map((r) => r[0]);
    expect(new Set(ids).size).toBe(ids.length);
    // Money in rubles, references resolved to names.
    const header = rows[0] as string[];
    const agentCol = header.indexOf("Контрагент");
    expect(rows.slice(1).every((r) => typeof r[agentCol] === "string" && (r[agentCol] as string).length > 0)).toBe(true);
    // Typed cells: dates are date values, money is a number, each with a number format; external_id is hidden.
    const dateCol = header.indexOf("Дата");
    const sumCol = header.indexOf("Сумма, ₽");
    expect(rows.slice(1).every((r) => typeof r[dateCol] === "number" && (r[dateCol] as number) > 45_000)).toBe(true);
    expect(rows.slice(1).every((r) => typeof r[sumCol] === "number")).toBe(true);
    const dumped = dumpSpreadsheet(findSpreadsheet(sandbox.simulators.google.state, spreadsheetId)!).sheets.find((x) => x.title === "Заказы")!;
    expect(dumped.hiddenColumns).toEqual([0]);
    const formatOf = (col: number) => dumped.numberFormats.findLast((b) => b.startCol <= col && col < b.endCol && b.startRow === 1 && b.endRow >= rows.length)?.format;
    expect(formatOf(dateCol)).toMatchObject({ type: "DATE_TIME" });
    expect(formatOf(sumCol)).toMatchObject({ type: "NUMBER" });
    expect(formatOf(agentCol) ?? null).toBeNull();

    await admin().resetCounters();
    const googleBefore = { ...sandbox.simulators.google.state.counters };
    const idle = await runAndWait("orders");
    expect(idle.counters).toMatchObject({ inserted: 0 });
    // Every upstream request of the run is counted, those made while preparing (reading ahead) included.
    const googleAfter = sandbox.simulators.google.state.counters;
    const made = (await admin().counters()).total + (googleAfter.reads - googleBefore.reads) + (googleAfter.writes - googleBefore.writes);
    expect((idle.counters as { requests: number }).requests).toBe(made);

    const modified = await admin().modify({ type: "customerorder", count: 3 });
    expect(modified.total).toBe(3);
    const third = await runAndWait("orders");
    expect(third.counters).toMatchObject({ inserted: 0 });
    expect((third.counters as { updated: number }).updated).toBeGreaterThanOrEqual(3);
    expect(sheet("Заказы").length).toBe(total + 1);
  });

  it("append: adds positions after the last row, and changed documents again with the sync time", async () => {
    await configure("order_positions", "append", "Позиции заказов");
    const first = await runAndWait("order_positions");
    expect(first.status).toBe("succeeded");
    const n = sheet("Позиции заказов").length - 1;
    expect(n).toBe((first.counters as { inserted: number }).inserted);
    expect(sheet("Позиции заказов")[1]![0]).toMatch(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/);
    await admin().modify({ type: "customerorder", count: 1 });
    const second = await runAndWait("order_positions");
    const added = (second.counters as { inserted: number }).inserted;
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(n);
    const rows = sheet("Позиции заказов");
    expect(rows.length - 1).toBe(n + added);
    expect(rows[0]!.at(-1)).toBe("Выгружено");
  });

  it("replace: swaps in a fresh sheet, leaving no temp sheets behind", async () => {
    await configure("counterparties", "replace", "Контрагенты");
    const first = await runAndWait("counterparties");
    expect(first.status).toBe("succeeded");
    const count = sheet("Контрагенты").length;
    expect(count).toBeGreaterThan(1);
    await runAndWait("counterparties");
    expect(sheet("Контрагенты").length).toBe(count);
    const titles = dumpSpreadsheet(findSpreadsheet(sandbox.simulators.google.state, spreadsheetId)!).sheets.map((s) => s.title);
    expect(titles.filter((t) => t.startsWith("~"))).toEqual([]);
  });
});

describe("typed columns", () => {
  it("a changed column choice resets the old number formats: a text column never shows as a date", async () => {
    await configure("sales", "upsert", "Форматы");
    expect((await runAndWait("sales")).status).toBe("succeeded");
    await saveExportConfig({ companyId, actor: SYSTEM_ACTOR, exporter: "sales", enabled: true, sheetName: "Форматы", strategy: "upsert", incremental: true, columns: ["name", "sum"], schedule: { kind: "manual" } });
    const second = await runAndWait("sales");
    expect(second.status).toBe("succeeded");
    const dumped = dumpSpreadsheet(findSpreadsheet(sandbox.simulators.google.state, spreadsheetId)!).sheets.find((x) => x.title === "Форматы")!;
    const formatOf = (col: number) => dumped.numberFormats.findLast((b) => b.startCol <= col && col < b.endCol && b.startRow <= 1 && b.endRow > 1)?.format ?? null;
    expect(dumped.values[0]!.slice(0, 3)).toEqual(["external_id", "Номер", "Сумма, ₽"]);
    // Column B held «Дата» (a date format) before; now it holds the number of the document.
    expect(formatOf(1)).toBeNull();
    expect(formatOf(2)).toMatchObject({ type: "NUMBER", pattern: "#,##0.00" });
    // The sheet was filled again in full under the new header: no row keeps the old layout.
    expect(dumped.values[0]).toHaveLength(3);
    expect(dumped.values.slice(1).every((r) => r.length <= 3 && typeof r[1] === "string" && (r[2] === undefined || typeof r[2] === "number"))).toBe(true);
    expect(dumped.values.length - 1).toBe((second.counters as { inserted: number }).inserted);
  });
});

describe("every exporter", () => {
  it.each(EXPORTERS.map((e) => [e.slug, e.title] as const))("%s writes its rows", async (slug, title) => {
    await configure(slug, "upsert", `T ${slug}`);
    const run = await runAndWait(slug);
    expect(run.error, title).toBeNull();
    const rows = sheet(`T ${slug}`);
    expect(rows[0]![0]).toBe(EXTERNAL_ID_HEADER);
    const fetched = (run.counters as { fetched: number }).fetched;
    expect(fetched, title).toBeGreaterThan(0);
    expect(rows.length - 1).toBe(fetched);
    expect(rows.slice(1).every((r) => r.length > 2 && r[0])).toBe(true);
  });
});

describe("tenancy", () => {
  it("another company neither sees nor runs these exports", async () => {
    const other = await createCompany("Чужая", ["exports"]);
    const otherAdmin = await createMember(other.id, "admin");
    const overview = await callerFor(otherAdmin.user, other.id).exports.overview();
    expect(overview.spreadsheetId).toBeNull();
    expect(overview.areas.flatMap((a) => a.exporters).every((e) => e.config === null)).toBe(true);
    const config = await withSystem((tx) => tx.exportConfig.findFirst({ where: { companyId } }));
    const rows = await withTenant(other.id, (tx) => tx.exportConfig.findMany({ where: { id: config!.id } }));
    expect(rows).toEqual([]);
  });
});

describe("reliability", () => {
  it("a run interrupted mid-way resumes from the last written chunk without duplicates", async () => {
    setChunkRows(3);
    // The simulator runs at its real limits here (slow enough to break the run mid-way): the client paces itself with the
    // shared limiter, as in production, instead of bursting into 429s until its retries run out.
    setExportClientOptions({ pageSize: 3, moysklad: { backoff: { baseMs: 10, maxMs: 50 } }, sheets: { limiter: unlimitedSheetsLimiter, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } } });
    await admin().seed({ timeScale: 1, latencyMs: 250 });
    try {
      await configure("sales", "append", "Отгрузки");
      const { runIds } = await requestExportRun({ companyId, actor: SYSTEM_ACTOR, exporter: "sales" });
      const id = runIds[0]!;
      // Once the first chunk is written, the spreadsheet starts failing writes: the attempt dies mid-run.
      for (let i = 0; i < 200; i++) {
        const r = await withTenant(companyId, (tx) => tx.jobRun.findUnique({ where: { id } }));
        if (Object.keys((r?.stepState ?? {}) as object).some((k) => k.startsWith("chunk-demand-0"))) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      await fetch(`${sandbox.urls.googleSheets.replace(/\/$/, "")}/__sandbox/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ status: 503, times: 2, kind: "write" }) });
      let run;
      for (let i = 0; i < 600; i++) {
        run = await withTenant(companyId, (tx) => tx.jobRun.findUnique({ where: { id } }));
        if (run && ["succeeded", "failed"].includes(run.status)) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      expect(run!.status).toBe("succeeded");
      expect(run!.attempts).toBeGreaterThanOrEqual(2);
      const rows = sheet("Отгрузки").slice(1);
      const ids = rows.map((r) => r[0]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe((run!.counters as { fetched: number }).fetched);
    } finally {
      setChunkRows();
      await admin().seed({ timeScale: 0, latencyMs: 0 });
      setExportClientOptions({ moysklad: { limiter: null, backoff: { baseMs: 10, maxMs: 50 } }, sheets: { limiter: unlimitedSheetsLimiter, retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
    }
  });

  it("documents changing while the run pages through them are neither lost nor written twice", async () => {
    setChunkRows(4);
    setExportClientOptions({ pageSize: 3, moysklad: { limiter: null, backoff: { baseMs: 10, maxMs: 50 } }, sheets: { limiter: unlimitedSheetsLimiter, retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
    try {
      await configure("orders", "upsert", "Заказы в движении");
      // A full read (earlier tests left an incremental cursor on this exporter).
      const config = await withTenant(companyId, async (tx) => {
        const found = await tx.exportConfig.findFirst({ where: { exporter: "orders" } });
        return tx.exportConfig.update({ where: { id: found!.id }, data: { cursor: null } });
      });
      const ports = await createExportPorts({ companyId });
      const page = ports.source.page.bind(ports.source);
      let pages = 0;
      let changed: string[] = [];
      // Once the first page is read (before the next are asked for), half of the orders change: they move to the end of the `updated` order and
      // every later order shifts left (plain offset paging would skip some of them).
      ports.source.page = async (entity, o) => {
        const result = await page(entity, o);
        if (entity === "customerorder" && ++pages === 1) changed = (await admin().modify({ type: "customerorder", count: 6 })).modified[0]!.ids;
        return result;
      };
      const step = { run: async (_id: string, fn: () => unknown) => JSON.parse(JSON.stringify((await fn()) ?? null)) } as unknown as TStepTools;
      await runExport({ companyId, configId: config!.id, runId: crypto.randomUUID(), ports, tools: { step, progress: async () => {}, log: () => {} } });
      expect(changed).toHaveLength(6);
      const live = (await admin().dataset()).types.customerorder!.live;
      const ids = sheet("Заказы в движении").slice(1).map((r) => r[0]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(live);
      for (const id of changed) expect(ids).toContain(id);
    } finally {
      setChunkRows();
      setExportClientOptions({ moysklad: { limiter: null, backoff: { baseMs: 10, maxMs: 50 } }, sheets: { limiter: unlimitedSheetsLimiter, retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
    }
  });

  it("refuses before writing when the spreadsheet would exceed Google's cell limit", async () => {
    const settings = sandbox.simulators.google.state.settings;
    const before = settings.maxCells;
    settings.maxCells = 2_000;
    try {
      await configure("order_positions", "replace", "Много строк");
      const run = await runAndWait("order_positions");
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/ячеек|10 000 000|лимит/);
      expect(sheet("Много строк")).toEqual([]);
    } finally {
      settings.maxCells = before;
    }
  });
});
