/**
 * `npm run bench:automations [-- --events 10000 --dealer-msgs 10000 --duplicates 0.1]`
 *
 * 1. Cross-company automation: N shipments created in the supplier's simulated MoySklad (its own thread);
 *    each webhook goes through the real route handler → inbox + outbox → graphile worker → a supply in the
 *    buyer's simulated MoySklad (another thread), both accounts at MoySklad's real limits (45 requests / 3 s,
 *    5 parallel, enforced by the simulators AND our client limiter). A share of the webhooks is delivered
 *    twice and the poller runs at the end: `duplicates` counts source events that produced more than one
 *    document (must be 0). Latency = document created at the buyer − shipment created at the supplier.
 * 2. Dealer messages: M messages to distinct dealers' chats through the flood-controlled sender against the
 *    Telegram simulator at real limits (1 / s per chat, 30 / s per bot): achieved messages/s vs the 30/s ceiling.
 * Prints readable figures and ends with one JSON line.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { ensureAppRole, ensureDatabase, withDatabase } from "./lib/bootstrap-db.ts";
import { runPrisma } from "./lib/prisma-cli.ts";
import { findFreePort } from "./lib/free-port.ts";
import { startMoyskladSimulatorThread } from "../sandbox/moysklad/thread.ts";
import { createMoyskladAdmin } from "../sandbox/moysklad/admin.ts";
import { moyskladDemo } from "../sandbox/moysklad/server.ts";
import { moyskladPartnerDemo, moyskladPartnerSeed } from "../sandbox/moysklad/partner.ts";
import { telegramDemo, telegramSimulator } from "../sandbox/telegram/server.ts";

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const EVENTS = arg("--events", 10_000);
const DEALER_MSGS = arg("--dealer-msgs", 10_000);
const DUP_SHARE = arg("--duplicates", 0.1);
/** Shipments created per second (0 = as fast as possible: a burst, latency is then mostly queueing). */
const RATE = arg("--rate", 0);
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

console.log(`Бенчмарк автоматизаций: ${EVENTS.toLocaleString("ru-RU")} отгрузок${RATE > 0 ? ` (${RATE}/с)` : " (залпом)"} → приёмки у партнёра; ${DEALER_MSGS.toLocaleString("ru-RU")} сообщений дилерам. Реальные лимиты МойСклад и Telegram.`);
const pg = await startEmbeddedPostgres({ dir: path.join(tmp, "pg"), port: await findFreePort(), quiet: true });
const limits = { timeScale: 1, latencyMs: 0, webhookSettings: { retryDelayMs: 1000 } };
const supplierSim = await startMoyskladSimulatorThread({ seed: { ...limits, dataset: { seed: "bench-supplier", documents: 5 } } });
const buyerSim = await startMoyskladSimulatorThread({ seed: { ...moyskladPartnerSeed(), ...limits } });
const stops: Array<() => Promise<unknown>> = [() => supplierSim.stop(), () => buyerSim.stop(), () => pg.stop()];
try {
  await ensureDatabase(pg.url, "bench");
  env.DATABASE_URL = withDatabase(pg.url, "bench");
  Object.assign(process.env, env);
  if ((await runPrisma(["migrate", "deploy"], env, { quiet: true })) !== 0) throw new Error("migrate deploy failed");
  await ensureAppRole(env.DATABASE_URL, env.DATABASE_APP_PASSWORD!);

  const { withSystem, withTenant, disconnectDb } = await import("../server/db.ts");
  const { saveIntegration } = await import("../server/connections/save-integration.ts");
  const { SYSTEM_ACTOR } = await import("../server/tenancy/roles.ts");
  const { enableLink } = await import("../server/automations/enable-link.ts");
  const { saveRule } = await import("../server/automations/save-rule.ts");
  const { reconcileSourceEvents } = await import("../server/automations/reconcile-source-events.ts");
  const { DEMAND_TO_SUPPLY_MAPPING } = await import("../server/automations/catalog.ts");
  const { createMoyskladClient } = await import("../server/integrations/moysklad/client.ts");
  const { createTelegramClient } = await import("../server/integrations/telegram/client.ts");
  const { createFloodGate, createTelegramSender } = await import("../server/integrations/telegram/sender.ts");
  const { ensureJobQueueSchema } = await import("../server/jobs/queue-schema.ts");
  const { startWorker } = await import("../server/jobs/worker-runtime.ts");
  const { startAppStandIn } = await import("../server/test/app-stand-in.ts");
  const { drainSourceEventsJob } = await import("../inngest/functions/automations/drain-events.ts");
  const { executeCrossJobJob } = await import("../inngest/functions/automations/execute-job.ts");

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
  const worker = await startWorker({ definitions: [drainSourceEventsJob, executeCrossJobJob], cron: false, concurrency: 10, pollInterval: 50 });
  stops.unshift(() => worker.stop());

  // 1. Shipments, created at a steady pace through the admin API (no limits there), webhooks flow on their own.
  const created = new Map<string, number>();
  const started = Date.now();
  for (let i = 0; i < EVENTS; i++) {
    const doc = await supplierAdmin.create("demand", { ...refs, positions: products.map((p, k) => ({ quantity: 1 + ((i + k) % 5), price: 10000 * (k + 1), assortment: { meta: p.meta } })) });
    created.set(String(doc.id), Date.now());
    if (RATE > 0) {
      const due = started + ((i + 1) * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    if ((i + 1) % 1000 === 0) console.log(`  создано отгрузок: ${i + 1}`);
  }
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
  const jobs = await withTenant(supplier.id, (tx) => tx.crossCompanyJob.findMany({ select: { sourceEntityId: true, status: true, finishedAt: true } }));
  const latencies = jobs.filter((j) => j.status === "succeeded" && j.finishedAt).map((j) => j.finishedAt!.getTime() - (created.get(j.sourceEntityId) ?? j.finishedAt!.getTime())).sort((a, b) => a - b);
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
  console.log(`\nАвтоматизации: ${succeeded} из ${EVENTS} приёмок создано за ${wallS.toFixed(1)} с (${(succeeded / wallS).toFixed(2)} событий/с)`);
  console.log(`  задержка p50 ${(pct(latencies, 0.5) / 1000).toFixed(2)} с, p95 ${(pct(latencies, 0.95) / 1000).toFixed(2)} с, max ${(pct(latencies, 1) / 1000).toFixed(2)} с`);
  console.log(`  повторных вебхуков: ${repeated.length}, сверка увидела ${polled.seen} документов, новых событий от сверки: ${polled.stored}; дублей документов: ${duplicates}`);
  console.log(`  запросов к МойСклад: поставщик ${supplierCounters.total} (429: ${supplierCounters.byStatus["429"] ?? 0}), покупатель ${buyerCounters.total} (429: ${buyerCounters.byStatus["429"] ?? 0}); приёмок у покупателя: ${buyerRows.length}`);
  await worker.stop();
  await disconnectDb();

  // 2. Dealer messages through the flood-controlled sender at Telegram's real limits.
  const tg = await telegramSimulator.start();
  stops.unshift(() => tg.stop());
  const chats = Array.from({ length: DEALER_MSGS }, (_, i) => 300000000 + i);
  tg.seed({ users: chats.map((id) => ({ id, firstName: `Дилер ${id}`, started: [7000000001], blocked: [] })) });
  const sender = createTelegramSender(createTelegramClient({ apiRoot: tg.url, botToken: telegramDemo.token }), createFloodGate());
  const t0 = Date.now();
  let sent = 0;
  await Promise.all(Array.from({ length: 40 }, async (_, lane) => {
    for (let i = lane; i < chats.length; i += 40) {
      await sender.send(chats[i]!, `🛒 Новый заказ № ${i} от 23.11.2026\nСумма: 1 000,00 ₽`);
      sent++;
    }
  }));
  const tgSeconds = (Date.now() - t0) / 1000;
  const dealerMsgsPerSec = sent / tgSeconds;
  console.log(`\nДилеры: ${sent} сообщений за ${tgSeconds.toFixed(1)} с — ${dealerMsgsPerSec.toFixed(2)} сообщений/с при потолке Telegram 30/с (${((dealerMsgsPerSec / 30) * 100).toFixed(1)}%); 429 от Telegram: ${sender.stats().rateLimited}`);

  console.log(JSON.stringify({
    events: EVENTS, arrivalRatePerSec: RATE || null, succeeded, duplicates, repeatedWebhooks: repeated.length, pollerNewEvents: polled.stored,
    latencyP50Ms: pct(latencies, 0.5), latencyP95Ms: pct(latencies, 0.95), eventsPerSec: Number((succeeded / wallS).toFixed(3)),
    msRequests: { supplier: supplierCounters.total, buyer: buyerCounters.total, rateLimited: (supplierCounters.byStatus["429"] ?? 0) + (buyerCounters.byStatus["429"] ?? 0) },
    dealerMsgs: sent, dealerMsgsPerSec: Number(dealerMsgsPerSec.toFixed(2)), telegramCeilingPerSec: 30, telegram429: sender.stats().rateLimited,
  }));
} finally {
  for (const stop of stops) await stop().catch(() => undefined);
}
process.exit(0);
