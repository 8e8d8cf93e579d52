/**
 * `npm run bench:automations [-- --events 10000 --rate 50 --dealer-msgs 10000 --dealer-orders 100 --duplicates 0.1]`
 *
 * 1. Cross-company automation: N shipments created in the supplier's simulated MoySklad (its own thread);
 *    created at a steady `--rate` (clock-paced), each webhook goes through the real route handler (this process,
 *    standing in for the web app) → inbox + outbox → the graphile worker in its own process (`npm run worker`,
 *    batch drain) → supplies in the buyer's simulated MoySklad (another thread), both accounts at MoySklad's real limits (45 requests / 3 s,
 *    5 parallel, enforced by the simulators AND our client limiter). A share of the webhooks is delivered
 *    twice and the poller runs at the end: `duplicates` counts source events that produced more than one
 *    document (must be 0). Latency = document created at the buyer − shipment created at the supplier.
 * 2. Dealer messages: `--dealer-orders` customer orders (100), each of a counterparty bound to M / 100 active dealers
 *    → DealerDelivery rows + outbox (one transaction per order) → the worker process's delivery jobs → the flood-controlled sender → the Telegram simulator at
 *    real limits (1 / s per chat, 30 / s per bot): achieved messages/s (first → last sent) vs the 30/s ceiling,
 *    the delivery statuses, and chats that got a message twice (must be 0).
 * Prints readable figures and ends with one JSON line.
 */
import { execSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { prepareBenchDatabase } from "./lib/bench-database.ts";
import { findFreePort } from "./lib/free-port.ts";
import { startMoyskladSimulatorThread } from "../sandbox/moysklad/thread.ts";
import { createMoyskladAdmin } from "../sandbox/moysklad/admin.ts";
import { moyskladDemo } from "../sandbox/moysklad/server.ts";
import { moyskladPartnerDemo, moyskladPartnerSeed } from "../sandbox/moysklad/partner.ts";
import { telegramDemo, telegramSimulator } from "../sandbox/telegram/server.ts";
import { createTelegramAdmin } from "../sandbox/telegram/admin.ts";

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const EVENTS = arg("--events", 10_000);
const DEALER_MSGS = arg("--dealer-msgs", 10_000);
/** Orders whose dealers get the messages (each order's counterparty is bound to DEALER_MSGS / DEALER_ORDERS dealers). */
const DEALER_ORDERS = arg("--dealer-orders", 100);
const DUP_SHARE = arg("--duplicates", 0.1);
/** Shipments created per second (0 = as fast as possible: a burst, latency is then mostly queueing). */
const RATE = arg("--rate", 50);
/** Steady-state figures leave out the shipments of the first seconds (worker start, cold caches). */
const WARMUP_MS = 10_000;
const tmp = mkdtempSync(path.join(os.tmpdir(), "pult-bench-auto-"));
const env: Record<string, string> = {
  AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123",
  SECRETS_KEY: Buffer.alloc(32, 5).toString("base64"),
  DATABASE_APP_PASSWORD: "bench-app-password",
  LOG_LEVEL: "silent",
  NODE_ENV: "production",
  WORKER_MODE: "off",
};
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]! : 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uptime = () => execSync("uptime").toString().trim();
const loadAvg = () => os.loadavg().map((x) => Number(x.toFixed(2)));
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} с`;

console.log(`Бенчмарк автоматизаций: ${EVENTS.toLocaleString("ru-RU")} отгрузок${RATE > 0 ? ` (${RATE}/с)` : " (залпом)"} → приёмки у партнёра; ${DEALER_MSGS.toLocaleString("ru-RU")} сообщений дилерам. Реальные лимиты МойСклад и Telegram.`);
console.log(`uptime: ${uptime()}`);
const pg = await startEmbeddedPostgres({ dir: path.join(tmp, "pg"), port: await findFreePort(), quiet: true });
const limits = { timeScale: 1, latencyMs: 0, webhookSettings: { retryDelayMs: 1000 } };
const supplierSim = await startMoyskladSimulatorThread({ seed: { ...limits, dataset: { seed: "bench-supplier", documents: 5 } } });
const buyerSim = await startMoyskladSimulatorThread({ seed: { ...moyskladPartnerSeed(), ...limits } });
const stops: Array<() => Promise<unknown>> = [() => supplierSim.stop(), () => buyerSim.stop(), () => pg.stop()];
try {
  await prepareBenchDatabase(pg.url, env);

  const { withSystem, withTenant, disconnectDb } = await import("../server/db.ts");
  const { saveIntegration } = await import("../server/connections/save-integration.ts");
  const { SYSTEM_ACTOR } = await import("../server/tenancy/roles.ts");
  const { enableLink } = await import("../server/automations/enable-link.ts");
  const { saveRule } = await import("../server/automations/save-rule.ts");
  const { reconcileSourceEvents } = await import("../server/automations/reconcile-source-events.ts");
  const { DEMAND_TO_SUPPLY_MAPPING } = await import("../server/automations/catalog.ts");
  const { createMoyskladClient } = await import("../server/integrations/moysklad/client.ts");
  const { enqueueDealerDeliveries } = await import("../server/dealers/enqueue-deliveries.ts");
  const { SAMPLE_DOCUMENT } = await import("../server/dealers/render-template.ts");
  const { ensureJobQueueSchema } = await import("../server/jobs/queue-schema.ts");
  const { startAppStandIn } = await import("../server/test/app-stand-in.ts");

  const app = await startAppStandIn();
  stops.unshift(() => app.stop());
  const supplierCfg = { baseUrl: `${supplierSim.url}/api/remap/1.2`, token: moyskladDemo.token };
  const buyerCfg = { baseUrl: `${buyerSim.url}/api/remap/1.2`, token: moyskladPartnerDemo.token };
  const [supplier, buyer] = await withSystem(async (tx) => [
    await tx.company.create({ data: { name: "ООО «Ромашка»", slug: `bench-s-${Date.now()}`, inn: "7701234567", enabledModules: ["automations"] } }),
    await tx.company.create({ data: { name: "ИП Лютиков", slug: `bench-b-${Date.now()}`, enabledModules: ["automations"] } }),
  ]);
  await saveIntegration({ companyId: supplier.id, actor: SYSTEM_ACTOR, kind: "moysklad", settings: supplierCfg, secrets: { token: supplierCfg.token } });
  await saveIntegration({ companyId: buyer.id, actor: SYSTEM_ACTOR, kind: "moysklad", settings: buyerCfg, secrets: { token: buyerCfg.token } });
  const supplierAdmin = createMoyskladAdmin(supplierSim.url);
  const buyerAdmin = createMoyskladAdmin(buyerSim.url);
  const supplierClient = createMoyskladClient(supplierCfg, { limiter: null });
  const products: Array<{ name?: string; code?: string; meta: unknown }> = (await supplierClient.listPages({ entity: "product", limit: 3 }).next()).value!.rows;
  for (const p of products) await buyerAdmin.create("product", { name: p.name, code: p.code });
  await buyerAdmin.create("counterparty", { name: "ООО «Ромашка»", inn: "7701234567" });
  const ref = async (type: string) => ({ meta: (await supplierClient.listPages({ entity: type, limit: 1 }).next()).value!.rows[0]!.meta });
  const refs = { organization: await ref("organization"), store: await ref("store"), agent: await ref("counterparty") };
  await enableLink({ companyId: supplier.id, actor: SYSTEM_ACTOR, partnerCompanyId: buyer.id });
  const link = await enableLink({ companyId: buyer.id, actor: SYSTEM_ACTOR, partnerCompanyId: supplier.id });
  await saveRule({
    companyId: supplier.id, actor: SYSTEM_ACTOR, name: "bench", linkId: link.id, sourceEvent: "demand.created", action: "supply",
    mapping: DEMAND_TO_SUPPLY_MAPPING as unknown as Record<string, unknown>, filters: [], idempotencyTemplate: "{{event.type}}:{{event.id}}",
  });
  await withTenant(supplier.id, (tx) => tx.automationEndpoint.updateMany({ data: { maxRunsPerDay: EVENTS * 2, pollCursor: new Date(Date.now() - 60_000) } }));
  await ensureJobQueueSchema();
  // The worker in its own process (`npm run worker`), as in production: the webhook endpoint (this process,
  // standing in for the web app) never shares an event loop or a connection pool with the batch work.
  const spawnWorker = () => {
    const proc = spawn(process.execPath, [...process.execArgv.filter((a) => a.startsWith("--cpu-prof")), "--import", "tsx", path.join(import.meta.dirname, "worker.ts")], {
      env: { ...process.env, WORKER_CONCURRENCY: "4" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const exit = new Promise((resolve) => proc.once("exit", resolve));
    const stop = async () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      await exit;
    };
    stops.unshift(stop);
    return stop;
  };
  const stopWorker = spawnWorker();

  const commits = async () => Number((await withSystem((tx) => tx.$queryRaw<{ n: bigint }[]>`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`))[0]!.n);
  const commitsBefore = await commits();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const loadBefore = loadAvg();
  // 1. Shipments, created at a steady pace through the admin API (no limits there), webhooks flow on their own.
  const created = new Map<string, number>();
  const started = Date.now();
  // Paced by the clock (not by the previous answer), at most 8 creations in flight.
  let next = 0;
  let made = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (;;) {
      const i = next++;
      if (i >= EVENTS) return;
      if (RATE > 0) {
        const due = started + (i * 1000) / RATE;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      const doc = await supplierAdmin.create("demand", { ...refs, positions: products.map((p, k) => ({ quantity: 1 + ((i + k) % 5), price: 10000 * (k + 1), assortment: { meta: p.meta } })) });
      created.set(String(doc.id), Date.now());
      if (++made % 1000 === 0) console.log(`  создано отгрузок: ${made}`);
    }
  }));
  const createdS = (Date.now() - started) / 1000;
  const arrivalRate = EVENTS / createdS;
  console.log(`  отгрузки созданы за ${createdS.toFixed(1)} с (${arrivalRate.toFixed(1)}/с); uptime: ${uptime()}`);
  // A share of webhooks delivered twice (like MoySklad's retries), then the poller.
  const deliveries = await supplierAdmin.settleWebhooks();
  const repeated = deliveries.filter((d) => d.status === "delivered").slice(0, Math.round(EVENTS * DUP_SHARE));
  for (const d of repeated) await supplierAdmin.repeatWebhookDelivery(d.id);
  await supplierAdmin.settleWebhooks();
  const polled = await reconcileSourceEvents({ companyId: supplier.id });
  let done = 0;
  for (let idle = 0; ; ) {
    const counts = await withTenant(supplier.id, (tx) => tx.crossCompanyJob.groupBy({ by: ["status"], _count: { _all: true } }));
    const finished = counts.filter((c) => ["succeeded", "failed", "cancelled", "blocked"].includes(c.status)).reduce((s, c) => s + c._count._all, 0);
    if (finished >= EVENTS) break;
    idle = finished === done ? idle + 1 : 0;
    done = finished;
    if (idle > 600) throw new Error(`stalled at ${finished} of ${EVENTS}`);
    await sleep(500);
  }
  const loadAfter = loadAvg();
  loopDelay.disable();
  const commitsAfter = await commits();
  const jobs = await withTenant(supplier.id, (tx) => tx.crossCompanyJob.findMany({ select: { sourceEntityId: true, sourceEventId: true, status: true, finishedAt: true } }));
  const received = new Map((await withTenant(supplier.id, (tx) => tx.sourceEvent.findMany({ select: { id: true, receivedAt: true } }))).map((e) => [e.id, e.receivedAt.getTime()]));
  // Where the latency goes: shipment created → event stored (webhook delivery) → supply created (processing).
  const toInbox = jobs.filter((j) => created.has(j.sourceEntityId) && received.has(j.sourceEventId)).map((j) => received.get(j.sourceEventId)! - created.get(j.sourceEntityId)!).sort((a, b) => a - b);
  const inProcessing = jobs.filter((j) => j.finishedAt && received.has(j.sourceEventId)).map((j) => j.finishedAt!.getTime() - received.get(j.sourceEventId)!).sort((a, b) => a - b);
  const latencies = jobs.filter((j) => j.status === "succeeded" && j.finishedAt).map((j) => j.finishedAt!.getTime() - (created.get(j.sourceEntityId) ?? j.finishedAt!.getTime())).sort((a, b) => a - b);
  const steady = jobs.filter((j) => j.status === "succeeded" && j.finishedAt && (created.get(j.sourceEntityId) ?? 0) >= started + WARMUP_MS)
    .map((j) => j.finishedAt!.getTime() - created.get(j.sourceEntityId)!).sort((a, b) => a - b);
  const lastFinished = Math.max(...jobs.map((j) => j.finishedAt?.getTime() ?? 0));
  const wallS = (lastFinished - started) / 1000;
  const buyerRows = await createMoyskladClient(buyerCfg, { limiter: null }).listAll({ entity: "supply", filter: "description~Создано автоматически" });
  const perSource = new Map<string, number>();
  for (const row of buyerRows) {
    const key = String(row.description ?? "");
    perSource.set(key, (perSource.get(key) ?? 0) + 1);
  }
  const duplicates = [...perSource.values()].filter((n) => n > 1).length;
  const supplierCounters = await supplierAdmin.counters();
  const buyerCounters = await buyerAdmin.counters();
  const succeeded = jobs.filter((j) => j.status === "succeeded").length;
  const hooks = app.hits.filter((h) => h.path.startsWith("/api/automations/moysklad/")).map((h) => h.ms).sort((a, b) => a - b);
  const slowHooks = hooks.filter((ms) => ms > 1500).length;
  const retriedDeliveries = deliveries.filter((d) => d.attempts > 1).length;
  const deliveryErrors = new Map<string, number>();
  for (const d of deliveries) if (d.lastError) deliveryErrors.set(`${d.status}: ${d.lastError}`, (deliveryErrors.get(`${d.status}: ${d.lastError}`) ?? 0) + 1);
  if (deliveryErrors.size > 0) console.log(`  ошибки доставки вебхуков (последние ${deliveries.length} доставок): ${[...deliveryErrors].map(([k, v]) => `${k} × ${v}`).join("; ")}`);
  // Drain runs linger a moment on an empty inbox before they finish and record their figures.
  for (let i = 0; i < 100 && (await withTenant(supplier.id, (tx) => tx.jobRun.count({ where: { type: "automations-drain", status: { in: ["queued", "running"] } } }))) > 0; i++) await sleep(200);
  const drainRuns = await withTenant(supplier.id, (tx) => tx.jobRun.findMany({ where: { type: "automations-drain" }, select: { result: true } }));
  const drains = drainRuns.length;
  const phases: Record<string, number> = {};
  let batches = 0;
  let slowestBatchMs = 0;
  let longestGapMs = 0;
  for (const r of drainRuns) {
    const res = r.result as { batches?: number; ms?: Record<string, number>; slowestBatchMs?: number; longestGapMs?: number } | null;
    batches += res?.batches ?? 0;
    slowestBatchMs = Math.max(slowestBatchMs, res?.slowestBatchMs ?? 0);
    longestGapMs = Math.max(longestGapMs, res?.longestGapMs ?? 0);
    for (const [k, v] of Object.entries(res?.ms ?? {})) phases[k] = (phases[k] ?? 0) + v;
  }
  const dbCommitsPerEvent = (commitsAfter - commitsBefore) / EVENTS;
  console.log(`\nАвтоматизации: ${succeeded} из ${EVENTS} приёмок создано за ${wallS.toFixed(1)} с — ${(succeeded / wallS).toFixed(2)} событий/с при входящем потоке ${arrivalRate.toFixed(1)}/с${RATE > 0 ? ` (задано ${RATE}/с)` : " (залп)"}`);
  console.log(`  задержка «отгрузка создана → приёмка создана»: p50 ${sec(pct(latencies, 0.5))}, p95 ${sec(pct(latencies, 0.95))}, max ${sec(pct(latencies, 1))}`);
  console.log(`    без первых ${WARMUP_MS / 1000} с (${steady.length} событий): p50 ${sec(pct(steady, 0.5))}, p95 ${sec(pct(steady, 0.95))}, max ${sec(pct(steady, 1))}`);
  console.log(`    из них до входящих (доставка вебхука): p50 ${sec(pct(toInbox, 0.5))}, p95 ${sec(pct(toInbox, 0.95))}; обработка: p50 ${sec(pct(inProcessing, 0.5))}, p95 ${sec(pct(inProcessing, 0.95))}`);
  console.log(`  задержка цикла событий процесса, принимающего вебхуки: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} мс, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} мс, max ${(loopDelay.max / 1e6).toFixed(0)} мс`);
  console.log(`  ответ на вебхук: p50 ${pct(hooks, 0.5).toFixed(0)} мс, p95 ${pct(hooks, 0.95).toFixed(0)} мс, max ${pct(hooks, 1).toFixed(0)} мс; дольше 1500 мс: ${slowHooks} из ${hooks.length}; доставок с повтором: ${retriedDeliveries}`);
  console.log(`  запусков обработки входящих: ${drains}, пачек: ${batches} (в среднем ${(EVENTS / Math.max(1, batches)).toFixed(1)} событий), транзакций БД на событие: ${dbCommitsPerEvent.toFixed(2)}`);
  console.log(`  время пачки в среднем, мс: ${Object.entries(phases).map(([k, v]) => `${k} ${(v / Math.max(1, batches)).toFixed(0)}`).join(", ")}; самая долгая пачка ${slowestBatchMs} мс, самый долгий промежуток между пачками ${longestGapMs} мс`);
  console.log(`  нагрузка машины (loadavg 1/5/15 мин): до ${loadBefore.join(" / ")}, после ${loadAfter.join(" / ")}`);
  console.log(`  повторных вебхуков: ${repeated.length}, сверка увидела ${polled.seen} документов, новых событий от сверки: ${polled.stored}; дублей документов: ${duplicates}`);
  console.log(`  запросов к МойСклад: поставщик ${supplierCounters.total} (429: ${supplierCounters.byStatus["429"] ?? 0}), покупатель ${buyerCounters.total} (429: ${buyerCounters.byStatus["429"] ?? 0}); приёмок у покупателя: ${buyerRows.length}`);
  console.log(`  потолок МойСклад (45 запросов / 3 с на аккаунт): по одному документу — 15 событий/с (1 чтение у поставщика + 1 создание у покупателя); пачками по 100 — до 1500 событий/с`);
  await stopWorker();
  await disconnectDb();

  // 2. Dealer messages through the product's own path at Telegram's real limits: one customer order bound to
  //    DEALER_MSGS active dealers → enqueueDealerDeliveries (DealerDelivery rows + outbox, a transaction per 500 dealers) →
  //    the worker process's "dealers-deliver" jobs → the flood-controlled sender → the Telegram simulator.
  const tg = await telegramSimulator.start();
  stops.unshift(() => tg.stop());
  const chats = Array.from({ length: DEALER_MSGS }, (_, i) => 300000000 + i);
  tg.seed({ users: chats.map((id) => ({ id, firstName: `Дилер ${id}`, started: [7000000001], blocked: [] })) });
  await saveIntegration({ companyId: buyer.id, actor: SYSTEM_ACTOR, kind: "telegram", settings: { apiRoot: tg.url, botToken: telegramDemo.token }, secrets: { botToken: telegramDemo.token } });
  // Orders of DEALER_ORDERS counterparties, each bound to DEALER_MSGS / DEALER_ORDERS dealers.
  const agents = Array.from({ length: Math.min(DEALER_ORDERS, DEALER_MSGS) }, () => randomUUID());
  await withTenant(buyer.id, (tx) => tx.dealer.createMany({
    data: chats.map((chat, i) => ({ companyId: buyer.id, name: `Дилер ${i + 1}`, telegramChatId: String(chat), status: "active" as const, counterpartyIds: [agents[i % agents.length]!] })),
  }));
  const stopDealerWorker = spawnWorker();
  const t0 = Date.now();
  let queued = 0;
  for (const [k, agentId] of agents.entries()) {
    const order = { ...SAMPLE_DOCUMENT, id: randomUUID(), name: String(k + 1).padStart(5, "0"), agent: { id: agentId, name: `ООО «Дилерская сеть ${k + 1}»` } };
    queued += await enqueueDealerDeliveries({ companyId: buyer.id, sourceEventId: randomUUID(), entity: order });
  }
  const enqueueMs = Date.now() - t0;
  const deliveryStats = () => withTenant(buyer.id, (tx) => tx.dealerDelivery.groupBy({ by: ["status"], _count: true }));
  for (;;) {
    const stats = await deliveryStats();
    if (stats.filter((r) => r.status !== "queued").reduce((n, r) => n + r._count, 0) >= queued) break;
    await sleep(500);
  }
  await stopDealerWorker();
  const byStatus = Object.fromEntries((await deliveryStats()).map((r) => [r.status, r._count]));
  const sentSpan = await withTenant(buyer.id, (tx) => tx.dealerDelivery.aggregate({ _min: { sentAt: true }, _max: { sentAt: true } }));
  const botMessages = await createTelegramAdmin(tg.url).messages({ from: "bot" });
  const perChat = new Map<number, number>();
  for (const m of botMessages) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
  const dealerDuplicates = [...perChat.values()].filter((n) => n > 1).length;
  const telegram429 = (await createTelegramAdmin(tg.url).state()).counters.floodRejected;
  const sent = byStatus.sent ?? 0;
  const tgSeconds = (Date.now() - t0) / 1000;
  // The rate is taken over the sending span (first → last message sent): the worker's start is not Telegram's limit.
  const sendSeconds = Math.max(0.001, (sentSpan._max.sentAt!.getTime() - sentSpan._min.sentAt!.getTime()) / 1000);
  const dealerMsgsPerSec = sent > 1 ? (sent - 1) / sendSeconds : 0;
  const tgLoad = loadAvg();
  console.log(`\nДилеры: ${queued} доставок по ${agents.length} заказам поставлено в очередь за ${sec(enqueueMs)} (транзакция на заказ, воркер уже отправляет); отправлено ${sent} за ${sendSeconds.toFixed(1)} с (всего с постановкой и запуском воркера ${tgSeconds.toFixed(1)} с) — ${dealerMsgsPerSec.toFixed(2)} сообщений/с при потолке Telegram 30/с (${((dealerMsgsPerSec / 30) * 100).toFixed(1)}%)`);
  console.log(`  статусы доставок: ${JSON.stringify(byStatus)}; сообщений бота в симуляторе: ${botMessages.length}, чатов с повтором: ${dealerDuplicates}; 429 от Telegram: ${telegram429}`);
  console.log(`  uptime: ${uptime()}`);

  console.log(JSON.stringify({
    events: EVENTS, targetRatePerSec: RATE || null, arrivalRatePerSec: Number(arrivalRate.toFixed(2)), succeeded, duplicates, repeatedWebhooks: repeated.length, pollerNewEvents: polled.stored,
    latencyP50Ms: pct(latencies, 0.5), latencyP95Ms: pct(latencies, 0.95), latencyMaxMs: pct(latencies, 1), steadyLatencyP50Ms: pct(steady, 0.5), steadyLatencyP95Ms: pct(steady, 0.95), deliveryP95Ms: pct(toInbox, 0.95), processingP95Ms: pct(inProcessing, 0.95), eventsPerSec: Number((succeeded / wallS).toFixed(3)),
    webhookP95Ms: Math.round(pct(hooks, 0.95)), webhookMaxMs: Math.round(pct(hooks, 1)), webhooksOver1500Ms: slowHooks, drainRuns: drains, drainBatches: batches, dbCommitsPerEvent: Number(dbCommitsPerEvent.toFixed(2)),
    msCeilingEventsPerSec: { oneByOne: 15, batchesOf100: 1500 }, loadAvgDuringEvents: loadAfter,
    msRequests: { supplier: supplierCounters.total, buyer: buyerCounters.total, rateLimited: (supplierCounters.byStatus["429"] ?? 0) + (buyerCounters.byStatus["429"] ?? 0) },
    dealerMsgs: sent, dealerMsgsPerSec: Number(dealerMsgsPerSec.toFixed(2)), telegramCeilingPerSec: 30, telegram429, dealerDuplicates, dealerDeliveryStatuses: byStatus, loadAvgDuringDealers: tgLoad,
  }));
} finally {
  for (const stop of stops) await stop().catch(() => undefined);
}
process.exit(0);
