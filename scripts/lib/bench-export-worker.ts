/**
 * Child process of `npm run bench:exports`: runs one exporter through the real engine and clients (real
 * rate limits), with steps executed inline, and prints its figures (incl. this process's peak RSS) as JSON.
 */
import { runExport } from "../../server/exports/run-export.ts";
import { createExportPorts } from "../../server/exports/adapters.ts";
import { disconnectDb } from "../../server/db.ts";
import type { TStepTools } from "../../inngest/define.ts";

const [companyId, configId] = process.argv.slice(2) as [string, string];
const step = {
  run: async (_id: string, fn: () => unknown) => JSON.parse(JSON.stringify((await fn()) ?? null)),
  sleep: async () => {},
  sendEvent: async () => ({ runIds: [] }),
} as unknown as TStepTools;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
const started = performance.now();
const ports = await createExportPorts({ companyId });
const counters = await runExport({ companyId, configId, runId: crypto.randomUUID(), ports, tools: { step, progress: async () => {}, log: () => {} } });
const wallMs = performance.now() - started;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
console.log(JSON.stringify({ counters, wallMs, peakRssMb: Math.round(peakRss / 1048576), msRequests: ports.source.requestCount(), sheetRequests: ports.sheets.requestCount() }));
await disconnectDb();
process.exit(0);
