/**
 * Per-company concurrency: a company's export runs go one at a time (the job's concurrency key is the company),
 * so two runs of the same exporter never overlap — the second waits, and the page says why. Another company's
 * runs are not held up. Real worker with several slots, MoySklad simulator with latency.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TSandbox } from "../../sandbox";
import { createMoyskladAdmin } from "../../sandbox/moysklad/admin";
import { createSpreadsheet } from "../../sandbox/google/admin";
import { withTenant } from "../db";
import { saveIntegration } from "../connections/save-integration";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { startWorker } from "../jobs/worker-runtime";
import { unlimitedSheetsLimiter } from "../integrations/google-sheets/throttle";
import { runExportJob } from "../../inngest/functions/exports/run-export";
import { createCompany } from "../test/factories";
import { setExportClientOptions } from "./adapters";
import { saveExportConfig } from "./save-export-config";
import { requestExportRun } from "./request-export-run";
import { saveExportSettings } from "./save-export-settings";
import { getExportsOverview, QUEUED_STEP } from "./get-exports-overview";

let sandbox: TSandbox;
let worker: Awaited<ReturnType<typeof startWorker>>;

async function setUpCompany(name: string) {
  const companyId = (await createCompany(name, ["exports"])).id;
  await saveIntegration({ companyId, actor: SYSTEM_ACTOR, kind: "moysklad", settings: sandbox.configs.moysklad, secrets: { token: sandbox.configs.moysklad.token } });
  await saveIntegration({ companyId, actor: SYSTEM_ACTOR, kind: "google_sheets", settings: sandbox.configs.googleSheets, secrets: { serviceAccountJson: sandbox.configs.googleSheets.serviceAccountJson } });
  const state = sandbox.simulators.google.state;
  const spreadsheetId = createSpreadsheet(state, { title: name, sharedWith: [sandbox.credentials.googleSheets.clientEmail] }, { maxCells: state.settings.maxCells, maxCellChars: state.settings.maxCellChars }).spreadsheetId;
  await saveExportSettings({ companyId, actor: SYSTEM_ACTOR, spreadsheet: spreadsheetId });
  for (const [exporter, sheetName] of [["orders", "Заказы"], ["sales", "Продажи"]] as const) {
    await saveExportConfig({ companyId, actor: SYSTEM_ACTOR, exporter, enabled: true, sheetName, strategy: "upsert", incremental: false, columns: [], schedule: { kind: "manual" } });
  }
  return companyId;
}

async function waitAll(companyId: string, ids: string[]) {
  for (let i = 0; i < 1200; i++) {
    const runs = await withTenant(companyId, (tx) => tx.jobRun.findMany({ where: { id: { in: ids } }, orderBy: { startedAt: "asc" } }));
    if (runs.every((r) => ["succeeded", "failed", "cancelled"].includes(r.status))) return runs;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("runs did not finish");
}

function expectSerial(runs: { startedAt: Date | null; finishedAt: Date | null }[]) {
  for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());
}

beforeAll(async () => {
  await ensureJobQueueSchema();
  sandbox = await startSandbox({ ports: "random", imap: false });
  const admin = createMoyskladAdmin(new URL(sandbox.urls.moysklad).origin);
  await admin.configure({ seed: "exports-concurrency", documents: 5 });
  await admin.seed({ timeScale: 1, latencyMs: 60 });
  setExportClientOptions({ moysklad: { limiter: null, backoff: { baseMs: 10, maxMs: 50 } }, sheets: { limiter: unlimitedSheetsLimiter, retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
  worker = await startWorker({ definitions: [runExportJob], cron: false, concurrency: 4, pollInterval: 100, retryBaseMs: 100 });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await sandbox?.stop();
});

describe("concurrency", () => {
  it("runs of one company go one at a time; the same exporter twice never overlaps and the waiting one says why", async () => {
    const a = await setUpCompany("Очередь А");
    const b = await setUpCompany("Очередь Б");
    const first = await requestExportRun({ companyId: a, actor: SYSTEM_ACTOR, exporter: "orders" });
    const second = await requestExportRun({ companyId: a, actor: SYSTEM_ACTOR, exporter: "orders" });
    const all = await requestExportRun({ companyId: a, actor: SYSTEM_ACTOR });
    const other = await requestExportRun({ companyId: b, actor: SYSTEM_ACTOR });

    // While the first runs, the exporter's latest run waits and the page tells why.
    const orders = (await getExportsOverview({ companyId: a })).areas.flatMap((x) => x.exporters).find((e) => e.slug === "orders")!;
    expect(orders.config!.progress).toMatchObject({ step: QUEUED_STEP });

    const ids = [...first.runIds, ...second.runIds, ...all.runIds];
    const runs = await waitAll(a, ids);
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => "succeeded"));
    expectSerial(runs);
    // The other company was not held up behind company A's queue: its runs overlapped A's.
    const otherRuns = await waitAll(b, other.runIds);
    expect(otherRuns.every((r) => r.status === "succeeded")).toBe(true);
    expectSerial(otherRuns);
    const lastA = Math.max(...runs.map((r) => r.finishedAt!.getTime()));
    expect(Math.min(...otherRuns.map((r) => r.startedAt!.getTime()))).toBeLessThan(lastA);
  }, 120_000);
});
