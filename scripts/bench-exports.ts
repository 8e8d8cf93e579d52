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
import { prepareBenchDatabase } from "./lib/bench-database.ts";
import { findFreePort } from "./lib/free-port.ts";
import { startMoyskladSimulatorThread } from "../sandbox/moysklad/thread.ts";
import { createMoyskladAdmin } from "../sandbox/moysklad/admin.ts";
import { moyskladDemo } from "../sandbox/moysklad/server.ts";
import { startGoogleSheetsSandbox } from "../sandbox/google/testing.ts";

const argv = process.argv.slice(2);
const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const docs = Number(flag("--docs") || (argv.includes("--large") ? 100_000 : 10_000));
/**
 * `--time-scale 10`: every rate-limit window 10× longer (simulators and client limiters alike), a diagnostic
 * for a loaded machine: the floor grows 10× while the CPU work stays, so the ratio shows the pipeline's own
 * overhead. The default (1) is the providers' real limits.
 */
const timeScale = Number(flag("--time-scale") || 1);
const tmp = mkdtempSync(path.join(os.tmpdir(), "pult-bench-"));
const appPassword = "bench-app-password";
const env: Record<string, string> = {
  BENCH_TIME_SCALE: String(timeScale),
  AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123",
  SECRETS_KEY: Buffer.alloc(32, 3).toString("base64"),
  DATABASE_APP_PASSWORD: appPassword,
  LOG_LEVEL: "silent",
  NODE_ENV: "production",
  // As `npm run worker` starts it (README.md, "Production"): fewer glibc malloc arenas, and big buffers (inflated
  // pages) always mmapped, so they go back to the system when freed instead of staying in an arena.
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "131072",
};

console.log(`Бенчмарк выгрузок: ${docs.toLocaleString("ru-RU")} заказов покупателей (~5 позиций), ${timeScale === 1 ? "реальные лимиты API" : `окна лимитов ×${timeScale} (диагностика)`}; нагрузка машины (loadavg 1 мин): ${os.loadavg()[0]!.toFixed(1)} на ${os.cpus().length} ядра`);
const pg = await startEmbeddedPostgres({ dir: path.join(tmp, "pg"), port: await findFreePort(), quiet: true });
const ms = await startMoyskladSimulatorThread({
  seed: { timeScale, latencyMs: 0, dataset: { seed: "bench", documents: 1, perType: { customerorder: docs }, counterparties: Math.max(100, docs / 10), products: 500 } },
});
const google = await startGoogleSheetsSandbox({ settings: { timeScale } });
try {
  await prepareBenchDatabase(pg.url, env);

  const { withSystem, disconnectDb } = await import("../server/db.ts");
  const { saveIntegration } = await import("../server/connections/save-integration.ts");
  const { saveExportSettings } = await import("../server/exports/save-export-settings.ts");
  const { saveExportConfig } = await import("../server/exports/save-export-config.ts");
  const { SYSTEM_ACTOR } = await import("../server/tenancy/roles.ts");

  // One company (and spreadsheet) per exporter: at 100k documents the positions alone fill most of Google's
  // 10M cells per spreadsheet. The MoySklad token is the same, so all runs share one rate-limit account.
  const msConfig = { baseUrl: `${ms.url}/api/remap/1.2`, token: moyskladDemo.token };
  const targets: Record<string, { companyId: string; configId: string; exporter: string }> = {};
  for (const [exporter, strategy] of [["orders", "upsert"], ["order_positions", "upsert"], ["counterparties", "replace"]] as const) {
    const company = await withSystem((tx) => tx.company.create({ data: { name: `Бенчмарк ${exporter}`, slug: `bench-${exporter.replace("_", "-")}-${Date.now()}`, enabledModules: ["exports"] } }));
    await saveIntegration({ companyId: company.id, actor: SYSTEM_ACTOR, kind: "moysklad", settings: msConfig, secrets: { token: msConfig.token } });
    await saveIntegration({ companyId: company.id, actor: SYSTEM_ACTOR, kind: "google_sheets", settings: google.config, secrets: { serviceAccountJson: google.config.serviceAccountJson } });
    await saveExportSettings({ companyId: company.id, actor: SYSTEM_ACTOR, spreadsheet: google.createSpreadsheet({ title: `Бенчмарк ${exporter}` }) });
    const configId = (await saveExportConfig({ companyId: company.id, actor: SYSTEM_ACTOR, exporter, enabled: true, sheetName: exporter, strategy, incremental: strategy !== "replace", columns: [], schedule: { kind: "manual" } })).id;
    targets[exporter] = { companyId: company.id, configId, exporter };
  }
  await disconnectDb();
  const admin = createMoyskladAdmin(ms.url);
  const live = Object.fromEntries(Object.entries((await admin.dataset()).types).map(([t, v]) => [t, v.live]));

  type TRun = {
    exporter: string;
    counters: { read: number; fetched: number; inserted: number; updated: number };
    wallMs: number;
    /** CPU time of the worker process during the run (user + system). */
    cpuMs: number;
    moysklad: { requests: number; retries: number; rateLimited: number; byPath: Record<string, number> };
    sheets: { requests: number; reads: number; writes: number; retries: number; rateLimited: number };
    peakRssMb: number;
  };
  type TWorkerResult = { runs: TRun[]; warmUpMs: number; peakRssMb: number; atPeak: Record<string, number>; afterWarmUp: Record<string, number> };
  // The worker runs as one bundled ES module (esbuild, which tsx itself runs on; npm packages stay external):
  // plain node without tsx's on-the-fly transpiling, as a deployed worker would run — ~50 MB less RSS.
  const workerBundle = path.resolve(".data", "bench-export-worker.mjs");
  const { build } = await import("esbuild");
  await build({ entryPoints: ["scripts/lib/bench-export-worker.ts"], bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", outfile: workerBundle, logLevel: "warning" });
  // The heap is sized as for a deployed worker: the engine streams (pages in, rows out, a bounded read-ahead),
  // so a run of any size fits; a run that held the whole list in memory would die here of OOM instead.
  const workerFlags = (process.env.BENCH_WORKER_FLAGS ?? "--max-old-space-size=128 --max-semi-space-size=8").split(" ").filter(Boolean);
  // Asynchronous on purpose: the Google simulator answers from this process's event loop.
  const runWorker = async (list: (typeof targets)[string][]): Promise<TWorkerResult> => {
    const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), ...workerFlags, workerBundle, JSON.stringify(list)], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d; });
    child.stderr.on("data", (d: Buffer) => { stderr += d; });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`worker failed\n${stderr}`);
    if (process.env.BENCH_TRACE) console.error(stderr);
    return JSON.parse(stdout.trim().split("\n").pop()!) as TWorkerResult;
  };

  /**
   * The fewest MoySklad requests that could carry a run: each list read at the largest page the API allows
   * (1000; 100 with expand) — the exported entity's objects as read, directories at their full size — plus
   * the single requests (metadata, statuses) as made, retries excluded.
   */
  const minMoysklad = (r: TRun) => {
    let n = 0;
    for (const [path, count] of Object.entries(r.moysklad.byPath)) {
      const list = /^GET \/entity\/([a-z]+)$/.exec(path);
      if (!list) { n += count; continue; }
      const entity = list[1]!;
      const exported = entity === (r.exporter === "counterparties" ? "counterparty" : "customerorder");
      const size = exported ? r.counters.read : (live[entity] ?? count);
      n += Math.max(1, Math.ceil(size / (exported && r.exporter === "order_positions" ? 100 : 1000)));
    }
    return Math.max(0, n - r.moysklad.retries);
  };
  /** n requests under "limit per window" need floor((n−1)/limit) full windows before the last can start. */
  const windows = (n: number, limit: number, ms: number) => Math.max(0, Math.floor((n - 1) / limit)) * ms;
  /** The time the limits impose: each upstream budget on its own (MoySklad 45/3 s; Sheets 60 reads and 60 writes/min), the binding one wins. */
  const floorOf = (msMin: number, reads: number, writes: number) =>
    Math.max(windows(msMin, 45, 3000 * timeScale), windows(reads, 60, 60_000 * timeScale), windows(writes, 60, 60_000 * timeScale));
  const figures = (r: TRun) => {
    const msMin = minMoysklad(r);
    const floorMs = floorOf(msMin, r.sheets.reads, r.sheets.writes);
    return { msMin, floorMs, ratio: floorMs > 0 ? r.wallMs / floorMs : null };
  };
  const line = (name: string, r: TRun) => {
    const f = figures(r);
    console.log(`  ${name.padEnd(22)} объектов ${String(r.counters.read).padStart(7)} · строк ${String(r.counters.fetched).padStart(7)} (записано ${String(r.counters.inserted + r.counters.updated).padStart(7)}) · ` +
      `МС ${r.moysklad.requests} (минимум ${f.msMin}, повторов ${r.moysklad.retries}, 429: ${r.moysklad.rateLimited}) · Sheets чт ${r.sheets.reads} / зап ${r.sheets.writes} · ` +
      `пол ${(f.floorMs / 1000).toFixed(1)} с · факт ${(r.wallMs / 1000).toFixed(1)} с (CPU обработчика ${(r.cpuMs / 1000).toFixed(1)} с) · ratio ${f.ratio === null ? "— (всё в одном окне лимита)" : f.ratio.toFixed(2)}`);
  };

  const full = await runWorker([targets.orders!, targets.order_positions!, targets.counterparties!]);
  console.log(`Полная выгрузка (один процесс-обработчик, выгрузки по очереди; запуск обработчика ${(full.warmUpMs / 1000).toFixed(1)} с — не в счёт):`);
  for (const r of full.runs) line(r.exporter, r);
  const sum = (f: (r: TRun) => number) => full.runs.reduce((n, r) => n + f(r), 0);
  const wallMs = sum((r) => r.wallMs);
  const msMin = sum((r) => minMoysklad(r));
  const floorMs = floorOf(msMin, sum((r) => r.sheets.reads), sum((r) => r.sheets.writes));
  const ratio = wallMs / floorMs;
  console.log(`  итого: строк ${sum((r) => r.counters.fetched)} · МС ${sum((r) => r.moysklad.requests)} (минимум ${msMin}) · Sheets ${sum((r) => r.sheets.requests)} · ` +
    `пол ${(floorMs / 1000).toFixed(1)} с · факт ${(wallMs / 1000).toFixed(1)} с · ratio ${ratio.toFixed(2)} · пиковый RSS обработчика ${full.peakRssMb} МБ ` +
    `(в пике: heap ${full.atPeak.heapUsedMb} из ${full.atPeak.heapTotalMb}, external ${full.atPeak.externalMb} МБ; после запуска обработчика, до выгрузок: RSS ${full.afterWarmUp.rssMb} МБ, heap ${full.afterWarmUp.heapUsedMb} МБ)`);

  const changed = await admin.modify({ type: "customerorder", percent: 1 });
  // A scheduled incremental run comes minutes after the full one: the full run's requests have left MoySklad's
  // 3-second window by then (the new worker process's limiter starts empty; it would otherwise meet 429s).
  await new Promise((r) => setTimeout(r, 3000 * timeScale));
  const inc = await runWorker([targets.orders!]);
  const incRun = inc.runs[0]!;
  console.log(`Инкремент после изменения ${changed.total} заказов (1%):`);
  line("orders (incremental)", incRun);

  console.log(JSON.stringify({
    bench: "exports", docs, timeScale, loadAvg: Number(os.loadavg()[0]!.toFixed(1)), cpus: os.cpus().length, rows: sum((r) => r.counters.fetched),
    moyskladRequests: sum((r) => r.moysklad.requests), moyskladMinRequests: msMin, moysklad429: sum((r) => r.moysklad.rateLimited),
    sheetsReads: sum((r) => r.sheets.reads), sheetsWrites: sum((r) => r.sheets.writes),
    wallS: Number((wallMs / 1000).toFixed(1)), floorS: Number((floorMs / 1000).toFixed(1)), ratio: Number(ratio.toFixed(2)), peakRssMb: full.peakRssMb, rssAfterWarmUpMb: full.afterWarmUp.rssMb,
    runs: Object.fromEntries(full.runs.map((r) => { const f = figures(r); return [r.exporter, { rows: r.counters.fetched, moyskladRequests: r.moysklad.requests, moyskladMinRequests: f.msMin, sheetsReads: r.sheets.reads, sheetsWrites: r.sheets.writes, wallS: Number((r.wallMs / 1000).toFixed(1)), floorS: Number((f.floorMs / 1000).toFixed(1)), ratio: f.ratio === null ? null : Number(f.ratio.toFixed(2)) }]; })),
    incremental: {
      changedDocs: changed.total, docsRead: incRun.counters.read, rowsWritten: incRun.counters.inserted + incRun.counters.updated,
      moyskladRequests: incRun.moysklad.requests, sheetsReads: incRun.sheets.reads, sheetsWrites: incRun.sheets.writes, wallS: Number((incRun.wallMs / 1000).toFixed(1)), peakRssMb: inc.peakRssMb,
    },
  }));
} finally {
  await ms.stop();
  await google.stop();
  await pg.stop();
  rmSync(tmp, { recursive: true, force: true });
}
