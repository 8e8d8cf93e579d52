/**
 * A scheduled run fires on its own: the real graphile worker with its crontab runs the scheduler job
 * (inngest/functions/exports/schedule-exports.ts → claimDueExports) at the next minute, which starts the due
 * exporter; nobody clicks anything. The history shows the run with trigger «по расписанию».
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TSandbox } from "../../sandbox";
import { createMoyskladAdmin } from "../../sandbox/moysklad/admin";
import { createSpreadsheet, dumpSpreadsheet, findSpreadsheet } from "../../sandbox/google/admin";
import { withSystem, withTenant } from "../db";
import { saveIntegration } from "../connections/save-integration";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { startWorker } from "../jobs/worker-runtime";
import { unlimitedSheetsLimiter } from "../integrations/google-sheets/throttle";
import { runExportJob } from "../../inngest/functions/exports/run-export";
import { scheduleExportsJob } from "../../inngest/functions/exports/schedule-exports";
import { callerFor, createCompany, createMember } from "../test/factories";
import { setExportClientOptions } from "./adapters";
import { saveExportConfig } from "./save-export-config";
import { saveExportSettings } from "./save-export-settings";

let sandbox: TSandbox;
let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
let companyId: string;
let spreadsheetId: string;

beforeAll(async () => {
  await ensureJobQueueSchema();
  sandbox = await startSandbox({ ports: "random", imap: false });
  const admin = createMoyskladAdmin(new URL(sandbox.urls.moysklad).origin);
  await admin.configure({ seed: "exports-schedule", documents: 5 });
  await admin.setTimeScale(0);
  setExportClientOptions({ moysklad: { limiter: null, backoff: { baseMs: 10, maxMs: 50 } }, sheets: { limiter: unlimitedSheetsLimiter, retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
  companyId = (await createCompany("По расписанию", ["exports"])).id;
  await saveIntegration({ companyId, actor: SYSTEM_ACTOR, kind: "moysklad", settings: sandbox.configs.moysklad, secrets: { token: sandbox.configs.moysklad.token } });
  await saveIntegration({ companyId, actor: SYSTEM_ACTOR, kind: "google_sheets", settings: sandbox.configs.googleSheets, secrets: { serviceAccountJson: sandbox.configs.googleSheets.serviceAccountJson } });
  const state = sandbox.simulators.google.state;
  spreadsheetId = createSpreadsheet(state, { title: "Выгрузки", sharedWith: [sandbox.credentials.googleSheets.clientEmail] }, { maxCells: state.settings.maxCells, maxCellChars: state.settings.maxCellChars }).spreadsheetId;
  await saveExportSettings({ companyId, actor: SYSTEM_ACTOR, spreadsheet: spreadsheetId });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await sandbox?.stop();
});

describe("the schedule", () => {
  it("an exporter whose time has come runs without a click; the history says «По расписанию»", async () => {
    await saveExportConfig({ companyId, actor: SYSTEM_ACTOR, exporter: "orders", enabled: true, sheetName: "Заказы", strategy: "upsert", incremental: true, columns: [], schedule: { kind: "every15" } });
    // The near schedule: the next run is due now (every15 would otherwise wait for the next quarter hour).
    await withSystem((tx) => tx.exportConfig.updateMany({ where: { companyId }, data: { nextRunAt: new Date(Date.now() - 1000) } }));
    worker = await startWorker({ definitions: [runExportJob, scheduleExportsJob], cron: true, concurrency: 2, pollInterval: 200 });

    // The crontab fires the scheduler at the start of the next minute.
    let run;
    for (let i = 0; i < 900; i++) {
      run = await withTenant(companyId, (tx) => tx.jobRun.findFirst({ where: { type: "exports-run" } }));
      if (run && ["succeeded", "failed"].includes(run.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run?.status).toBe("succeeded");
    expect(run!.trigger).toBe("schedule");
    expect(run!.createdById).toBeNull();

    const rows = dumpSpreadsheet(findSpreadsheet(sandbox.simulators.google.state, spreadsheetId)!).sheets.find((s) => s.title === "Заказы")!.values;
    expect(rows.length - 1).toBe((run!.counters as { inserted: number }).inserted);

    const viewer = await createMember(companyId, "viewer");
    const caller = callerFor(viewer.user, companyId);
    const item = (await caller.exports.overview()).areas.flatMap((a) => a.exporters).find((e) => e.slug === "orders")!;
    expect(item.config!.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    const history = await caller.exports.runs({ configId: item.config!.id, page: 1, pageSize: 10 });
    expect(history.items[0]).toMatchObject({ id: run!.id, trigger: "schedule", status: "succeeded" });
  }, 150_000);
});
