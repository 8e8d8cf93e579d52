/**
 * Child process of `npm run bench:exports`: one worker process running exporters one after another
 * through the real engine and clients (real rate limits, one shared limiter per upstream account, as in
 * `npm run worker`), with steps executed inline. Prints one JSON line: per run its counters, wall time and
 * request counts, and this process's peak RSS.
 *
 * argv[2]: JSON `[{ companyId, configId, exporter }]`.
 */
import { runExport } from "../../server/exports/run-export.ts";
import { createExportPorts, setExportClientOptions } from "../../server/exports/adapters.ts";
import { createSheetsWindowLimiter } from "../../server/integrations/google-sheets/throttle.ts";
import { disconnectDb } from "../../server/db.ts";
import type { TStepTools } from "../../inngest/define.ts";

// `--time-scale` of the bench: the client limiters' windows scale with the simulators' (1 = real limits).
const timeScale = Number(process.env.BENCH_TIME_SCALE || 1);
if (timeScale !== 1) {
  setExportClientOptions({ moysklad: { budget: { windowMs: 3000 * timeScale } }, sheets: { limiter: createSheetsWindowLimiter({ windowMs: 60_000 * timeScale, marginMs: 1000 * timeScale }) } });
}
const runs = JSON.parse(process.argv[2]!) as { companyId: string; configId: string; exporter: string }[];
const step = {
  run: async (_id: string, fn: () => unknown) => JSON.parse(JSON.stringify((await fn()) ?? null)),
  sleep: async () => {},
  sendEvent: async () => ({ runIds: [] }),
} as unknown as TStepTools;

const mb = (bytes: number) => Math.round(bytes / 1048576);
let peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
// memoryUsage() walks the heap's spaces (a measurable share of the worker's CPU at 20 samples a second):
// sample the RSS alone and take the breakdown only at a new peak.
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss <= peak.rss) return;
  const m = process.memoryUsage();
  peak = { rss: Math.max(rss, m.rss), heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
};
const sampler = setInterval(sample, 50);
// A worker process is long-lived: its start-up (database pool, first TLS/HTTP connections, JWT, lazily loaded
// code) is paid once, not per run. Warm it up on the first company before timing the runs.
const warmStarted = performance.now();
{
  const ports = await createExportPorts({ companyId: runs[0]!.companyId });
  await Promise.all([ports.sheets.spreadsheet(), ports.source.attributes("customerorder")]);
}
const warmUpMs = performance.now() - warmStarted;
const warmRss = process.memoryUsage();
const results = [];
for (const r of runs) {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const ports = await createExportPorts({ companyId: r.companyId });
  if (process.env.BENCH_TRACE) {
    // Logs every port call with its start and duration (relative to the run's start) on stderr.
    for (const [name, port] of Object.entries(ports) as [string, Record<string, unknown>][]) {
      for (const [k, v] of Object.entries(port)) {
        if (typeof v !== "function" || k === "requestCount" || k === "stats") continue;
        port[k] = async (...args: unknown[]) => {
          const t0 = performance.now();
          try { return await (v as (...a: unknown[]) => Promise<unknown>)(...args); } finally {
            process.stderr.write(`${r.exporter} ${name}.${k}(${JSON.stringify(args[0])?.slice(0, 40) ?? ""}${typeof args[1] === "object" && args[1] && "offset" in args[1] ? ` @${(args[1] as { offset: number }).offset}` : ""}) at ${(t0 - started).toFixed(0)} took ${(performance.now() - t0).toFixed(0)} ms\n`);
          }
        };
      }
    }
  }
  const counters = await runExport({ companyId: r.companyId, configId: r.configId, runId: crypto.randomUUID(), ports, tools: { step, progress: async () => {}, log: () => {} } });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  sample();
  results.push({ exporter: r.exporter, counters, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, moysklad: ports.source.stats!(), sheets: ports.sheets.stats!(), peakRssMb: Math.round(Math.max(peak.rss, process.resourceUsage().maxRSS * 1024) / 1048576) });
}
clearInterval(sampler);
console.log(JSON.stringify({
  runs: results,
  warmUpMs,
  /** What the process holds before the first run (code, database pool, clients): the floor of its RSS. */
  afterWarmUp: { rssMb: mb(warmRss.rss), heapTotalMb: mb(warmRss.heapTotal), heapUsedMb: mb(warmRss.heapUsed) },
  peakRssMb: mb(Math.max(peak.rss, process.resourceUsage().maxRSS * 1024)),
  atPeak: { heapUsedMb: mb(peak.heapUsed), heapTotalMb: mb(peak.heapTotal), externalMb: mb(peak.external), arrayBuffersMb: mb(peak.arrayBuffers) },
}));
await disconnectDb();
process.exit(0);
