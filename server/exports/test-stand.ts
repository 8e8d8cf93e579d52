/**
 * Test helper (not production code): the stand the export engine's end-to-end tests share — the simulators on
 * random ports at time scale 0, fast client retries without client-side limiting, one company with MoySklad and
 * Google Sheets connected, the job worker running the export job — and the helpers around it.
 */
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
import { requestExportRun } from "./request-export-run";

export type TExportStand = {
  sandbox: TSandbox;
  companyId: string;
  /** The MoySklad simulator's admin API. */
  admin(): ReturnType<typeof createMoyskladAdmin>;
  /** A new simulated spreadsheet shared with the service account (editor) and `readers` (read-only); its id. */
  newSpreadsheet(sharedWith?: string[], readers?: string[]): string;
  /** Requests a run of `exporter` and waits until it has ended; the job run. */
  runAndWait(exporter: string): ReturnType<typeof waitForRun>;
  stop(): Promise<void>;
};

export async function startExportStand(opts: { seed: string; documents: number; companyName: string; concurrency: number }): Promise<TExportStand> {
  await ensureJobQueueSchema();
  const sandbox = await startSandbox({ ports: "random", imap: false });
  const admin = () => createMoyskladAdmin(new URL(sandbox.urls.moysklad).origin);
  await admin().configure({ seed: opts.seed, documents: opts.documents });
  await admin().setTimeScale(0);
  setExportClientOptions({ moysklad: { limiter: null, backoff: { baseMs: 10, maxMs: 50 } }, sheets: { limiter: unlimitedSheetsLimiter, retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
  const companyId = (await createCompany(opts.companyName, ["exports"])).id;
  await saveIntegration({ companyId, actor: SYSTEM_ACTOR, kind: "moysklad", settings: sandbox.configs.moysklad, secrets: { token: sandbox.configs.moysklad.token } });
  await saveIntegration({ companyId, actor: SYSTEM_ACTOR, kind: "google_sheets", settings: sandbox.configs.googleSheets, secrets: { serviceAccountJson: sandbox.configs.googleSheets.serviceAccountJson } });
  const worker = await startWorker({ definitions: [runExportJob], cron: false, concurrency: opts.concurrency, pollInterval: 100, retryBaseMs: 100 });
  return {
    sandbox,
    companyId,
    admin,
    newSpreadsheet(sharedWith = [sandbox.credentials.googleSheets.clientEmail], readers = []) {
      const state = sandbox.simulators.google.state;
      return createSpreadsheet(state, { title: "Выгрузки", sharedWith, readers }, { maxCells: state.settings.maxCells, maxCellChars: state.settings.maxCellChars }).spreadsheetId;
    },
    async runAndWait(exporter) {
      const { runIds } = await requestExportRun({ companyId, actor: SYSTEM_ACTOR, exporter });
      return waitForRun(companyId, runIds[0]!);
    },
    async stop() {
      await worker.stop();
      await sandbox.stop();
    },
  };
}

async function waitForRun(companyId: string, id: string) {
  for (let i = 0; i < 600; i++) {
    const run = await withTenant(companyId, (tx) => tx.jobRun.findUnique({ where: { id } }));
    if (run && ["succeeded", "failed", "cancelled"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`export run ${id} did not finish`);
}
