/**
 * `npm run bench:exports [-- --docs 100000]`: full export of orders + order_positions and of counterparties
 * from the MoySklad simulator into the Google Sheets simulator at the providers' real rate limits, then an
 * incremental run after 1% of the orders changed. Prints readable figures and one final JSON line.
 *
 * floor = the time the rate limits impose on the requests the run made (MoySklad 45 per 3 s window, Sheets 60
 * per minute window: n requests need floor((n−1)/limit) full windows); ratio = wall / floor (for runs whose
 * requests fit in one window the floor is ~0 and the ratio is not meaningful: the JSON ratio is over the
 * whole full export). The export runs in a child process, so its peak RSS is the
 * worker's own (the simulators live in this process and a worker thread).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { ensureAppRole, ensureDatabase, withDatabase } from "./lib/bootstrap-db.ts";
import { runPrisma } from "./lib/prisma-cli.ts";
import { findFreePort } from "./lib/free-port.ts";
import { startMoyskladSimulatorThread } from "../sandbox/moysklad/thread.ts";
import { createMoyskladAdmin } from "../sandbox/moysklad/admin.ts";
import { moyskladDemo } from "../sandbox/moysklad/server.ts";
import { startGoogleSheetsSandbox } from "../sandbox/google/testing.ts";

const argv = process.argv.slice(2);
const docs = Number(argv[argv.indexOf("--docs") + 1] || (argv.includes("--large") ? 100_000 : 10_000));
const tmp = mkdtempSync(path.join(os.tmpdir(), "pult-bench-"));
const appPassword = "bench-app-password";
const env: Record<string, string> = {
  AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123",
  SECRETS_KEY: Buffer.alloc(32, 3).toString("base64"),
  DATABASE_APP_PASSWORD: appPassword,
  LOG_LEVEL: "silent",
  NODE_ENV: "production",
};

console.log(`Бенчмарк выгрузок: ${docs.toLocaleString("ru-RU")} заказов покупателей (~5 позиций), реальные лимиты API`);
const pg = await startEmbeddedPostgres({ dir: path.join(tmp, "pg"), port: await findFreePort(), quiet: true });
const ms = await startMoyskladSimulatorThread({
  seed: { timeScale: 1, latencyMs: 0, dataset: { seed: "bench", documents: 1, perType: { customerorder: docs }, counterparties: Math.max(100, docs / 10), products: 500 } },
});
const google = await startGoogleSheetsSandbox({ settings: { timeScale: 1 } });
try {
  await ensureDatabase(pg.url, "bench");
  env.DATABASE_URL = withDatabase(pg.url, "bench");
  Object.assign(process.env, env);
  if ((await runPrisma(["migrate", "deploy"], env, { quiet: true })) !== 0) throw new Error("migrate deploy failed");
  await ensureAppRole(env.DATABASE_URL, appPassword);

  const { withSystem, disconnectDb } = await import("../server/db.ts");
  const { saveIntegration } = await import("../server/connections/save-integration.ts");
  const { saveExportSettings } = await import("../server/exports/save-export-settings.ts");
  const { saveExportConfig } = await import("../server/exports/save-export-config.ts");
  const { SYSTEM_ACTOR } = await import("../server/tenancy/roles.ts");

  const company = await withSystem((tx) => tx.company.create({ data: { name: "Бенчмарк", slug: `bench-${Date.now()}`, enabledModules: ["exports"] } }));
  const msConfig = { baseUrl: `${ms.url}/api/remap/1.2`, token: moyskladDemo.token };
  await saveIntegration({ companyId: company.id, actor: SYSTEM_ACTOR, kind: "moysklad", settings: msConfig, secrets: { token: msConfig.token } });
  await saveIntegration({ companyId: company.id, actor: SYSTEM_ACTOR, kind: "google_sheets", settings: google.config, secrets: { serviceAccountJson: google.config.serviceAccountJson } });
  const spreadsheetId = google.createSpreadsheet({ title: "Бенчмарк" });
  await saveExportSettings({ companyId: company.id, actor: SYSTEM_ACTOR, spreadsheet: spreadsheetId });
  const configIds: Record<string, string> = {};
  for (const [exporter, strategy] of [["orders", "upsert"], ["order_positions", "upsert"], ["counterparties", "replace"]] as const) {
    configIds[exporter] = (await saveExportConfig({ companyId: company.id, actor: SYSTEM_ACTOR, exporter, enabled: true, sheetName: exporter, strategy, incremental: strategy !== "replace", columns: [], schedule: { kind: "manual" } })).id;
  }
  await disconnectDb();

  type TResult = { counters: { fetched: number; inserted: number; updated: number }; wallMs: number; peakRssMb: number; msRequests: number; sheetRequests: number };
  // Asynchronous on purpose: the Google simulator answers from this process's event loop.
  const runOne = async (exporter: string): Promise<TResult & { floorMs: number; ratio: number }> => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/lib/bench-export-worker.ts", company.id, configIds[exporter]!], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d; });
    child.stderr.on("data", (d: Buffer) => { stderr += d; });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`${exporter}: worker failed\n${stderr}`);
    const r = JSON.parse(stdout.trim().split("\n").pop()!) as TResult;
    // Sliding windows: n requests need at least floor((n-1)/limit) full windows to pass.
    const windows = (n: number, limit: number, ms: number) => Math.max(0, Math.floor((n - 1) / limit)) * ms;
    const floorMs = Math.max(windows(r.msRequests, 45, 3000), windows(r.sheetRequests, 60, 60_000), 1);
    return { ...r, floorMs, ratio: r.wallMs / floorMs };
  };
  const line = (name: string, r: Awaited<ReturnType<typeof runOne>>) =>
    console.log(`  ${name.padEnd(34)} строк ${String(r.counters.fetched).padStart(8)} · запросов МС ${String(r.msRequests).padStart(5)} · Sheets ${String(r.sheetRequests).padStart(4)} · ` +
      `пол ${(r.floorMs / 1000).toFixed(1)} с · факт ${(r.wallMs / 1000).toFixed(1)} с · ratio ${r.floorMs > 1 ? r.ratio.toFixed(2) : "—"} · RSS ${r.peakRssMb} МБ`);

  const full = { orders: await runOne("orders"), order_positions: await runOne("order_positions"), counterparties: await runOne("counterparties") };
  console.log("Полная выгрузка:");
  for (const [k, r] of Object.entries(full)) line(k, r);

  const changed = await createMoyskladAdmin(ms.url).modify({ type: "customerorder", percent: 1 });
  const inc = await runOne("orders");
  console.log(`Инкремент после изменения ${changed.total} заказов (1%):`);
  line("orders (incremental)", inc);

  const totalMs = full.orders.msRequests + full.order_positions.msRequests + full.counterparties.msRequests;
  const wall = full.orders.wallMs + full.order_positions.wallMs + full.counterparties.wallMs;
  const floor = full.orders.floorMs + full.order_positions.floorMs + full.counterparties.floorMs;
  const peakRssMb = Math.max(full.orders.peakRssMb, full.order_positions.peakRssMb, full.counterparties.peakRssMb, inc.peakRssMb);
  console.log(JSON.stringify({
    bench: "exports", docs, rows: full.orders.counters.fetched + full.order_positions.counters.fetched + full.counterparties.counters.fetched,
    moyskladRequests: totalMs, wallS: Number((wall / 1000).toFixed(1)), floorS: Number((floor / 1000).toFixed(1)), ratio: Number((wall / floor).toFixed(2)), peakRssMb,
    incremental: { changedDocs: changed.total, rowsRead: inc.counters.fetched, rowsWritten: inc.counters.inserted + inc.counters.updated, moyskladRequests: inc.msRequests },
  }));
} finally {
  await ms.stop();
  await google.stop();
  await pg.stop();
  rmSync(tmp, { recursive: true, force: true });
}
