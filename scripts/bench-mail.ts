/**
 * `npm run bench:mail [-- --emails 1000 --rate 3 --concurrency 4]`
 *
 * The procurement mail pipeline end to end, nothing mocked: a real Dovecot IMAP server (the one the email-flow
 * tests use), the OpenAI simulator with zero latency, a throw-away embedded PostgreSQL, the real graphile worker
 * running the real jobs (`procurement-mail-poll`, `procurement-process-email`) and the real IMAP IDLE listener
 * (`startMailWatchers`). N client requests are appended to the desk's INBOX (Maildir delivery, as an MDA does)
 * at `--rate` emails/s (0 = all at once); for each one: arrival (the moment the message is in the mailbox) →
 * order visible in the database (its `createdAt`, committed with the order). Throughput = orders / (last order −
 * first arrival). Checks: every email gives exactly one order, numbers ORD-YYYY-0001… are gap-free.
 * Prints readable figures with `uptime` and ends with one JSON line.
 */
import { execSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { prepareBenchDatabase } from "./lib/bench-database.ts";
import { findFreePort } from "./lib/free-port.ts";
import { startDovecot } from "../sandbox/mail/dovecot.ts";
import { openaiDemo, openaiSimulator } from "../sandbox/openai/server.ts";

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const EMAILS = arg("--emails", 1000);
const RATE = arg("--rate", 3);
const CONCURRENCY = arg("--concurrency", 4);
const tmp = mkdtempSync(path.join(os.tmpdir(), "pult-bench-mail-"));
const env: Record<string, string> = {
  AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123",
  SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"),
  DATABASE_APP_PASSWORD: "bench-app-password",
  LOG_LEVEL: "silent",
  NODE_ENV: "production",
  WORKER_MODE: "off",
};
const DESK = { username: "desk@bench.local", password: "desk-pass-123" };
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]! : 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => execSync("uptime").toString().trim();

const PRODUCTS = [
  { match: "Подшипник SKF 6205-2RS", name: "Подшипник 6205-2RS", brand: "SKF", article: "6205-2RS", unit: "шт" },
  { match: "Ремень клиновой Gates A-1250", name: "Ремень клиновой A-1250", brand: "Gates", article: "A-1250", unit: "шт" },
  { match: "Кабель ВВГнг-LS 3x2,5", name: "Кабель ВВГнг-LS 3x2,5", brand: null, article: null, unit: "м" },
  { match: "Насос Grundfos CR 3-8", name: "Насос CR 3-8", brand: "Grundfos", article: "96516661", unit: "шт" },
];

function clientEmail(i: number): Buffer {
  const p = PRODUCTS[i % PRODUCTS.length]!;
  const client = i % 50;
  const subject = `=?UTF-8?B?${Buffer.from(`Заявка №${i + 1}`).toString("base64")}?=`;
  return Buffer.from(
    [
      `From: =?UTF-8?B?${Buffer.from(`Клиент ${client}`).toString("base64")}?= <client-${client}@bench-clients.ru>`,
      `To: ${DESK.username}`,
      `Subject: ${subject}`,
      `Message-ID: <bench-${i}@bench-clients.ru>`,
      `Date: ${new Date().toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      "Добрый день!",
      "",
      "Просим выставить счёт на:",
      `1. ${p.match} — ${1 + (i % 40)} ${p.unit}`,
      "",
      "Доставка до склада в Подольске. Спасибо.",
      "",
    ].join("\n"),
    "utf8",
  );
}

console.log(`Бенчмарк почты закупок: ${EMAILS} писем${RATE > 0 ? ` по ${RATE}/с` : " залпом"} → Dovecot (IMAP IDLE) → воркер → заказы; ИИ-симулятор без задержки, воркер: ${CONCURRENCY} задач параллельно.`);
console.log(`  нагрузка до старта: ${load()}`);
const pg = await startEmbeddedPostgres({ dir: path.join(tmp, "pg"), port: await findFreePort(), quiet: true });
const stops: Array<() => Promise<unknown>> = [() => pg.stop()];
try {
  await prepareBenchDatabase(pg.url, env);

  const imap = await startDovecot({ users: [DESK] });
  stops.unshift(() => imap.stop());
  const ai = await openaiSimulator.start();
  stops.unshift(() => ai.stop());
  ai.seed({
    replies: PRODUCTS.map((p) => ({
      match: p.match,
      schema: "procurement_request",
      reply: JSON.stringify({
        clientName: "Клиент", clientCompany: null, clientPhone: null, confident: true,
        items: [{ name: p.name, brand: p.brand, article: p.article, quantity: 10, unit: p.unit, notes: null }],
      }),
    })),
  });

  const { withSystem, withTenant, disconnectDb } = await import("../server/db.ts");
  const { saveIntegration } = await import("../server/connections/save-integration.ts");
  const { SYSTEM_ACTOR } = await import("../server/tenancy/roles.ts");
  const { ensureJobQueueSchema } = await import("../server/jobs/queue-schema.ts");
  const { startWorker } = await import("../server/jobs/worker-runtime.ts");
  const { startMailWatchers } = await import("../server/procurement/mail/start-mail-watchers.ts");
  const { pollMailboxJob } = await import("../inngest/functions/procurement/poll-mailbox.ts");
  const { processEmailJob } = await import("../inngest/functions/procurement/process-email.ts");

  const company = await withSystem((tx) =>
    tx.company.create({ data: { name: "ООО «Снабжение»", slug: `bench-mail-${Date.now()}`, enabledModules: ["procurement"] } }),
  );
  await saveIntegration({
    companyId: company.id, actor: SYSTEM_ACTOR, kind: "mail",
    settings: { imapHost: imap.host, imapPort: imap.port, imapSecure: false, smtpHost: "127.0.0.1", smtpPort: 2525, smtpSecure: false, username: DESK.username, fromAddress: DESK.username },
    secrets: { password: DESK.password },
  });
  await saveIntegration({
    companyId: company.id, actor: SYSTEM_ACTOR, kind: "ai",
    settings: { baseUrl: `${ai.url}/v1`, model: openaiDemo.model }, secrets: { apiKey: openaiDemo.apiKey },
  });
  await ensureJobQueueSchema();
  const worker = await startWorker({ definitions: [pollMailboxJob, processEmailJob], cron: false, concurrency: CONCURRENCY });
  stops.unshift(() => worker.stop());
  const watchers = startMailWatchers({ refreshMs: 60_000 });
  stops.unshift(() => watchers.stop());
  // The listener is up when its catch-up poll has run (it records the poll time).
  for (let i = 0; ; i++) {
    const s = await withTenant(company.id, (tx) => tx.procSettings.findUnique({ where: { companyId: company.id }, select: { mailLastPollAt: true } }));
    if (s?.mailLastPollAt) break;
    if (i > 300) throw new Error("the IMAP IDLE listener did not start");
    await sleep(100);
  }
  await sleep(500);

  const arrivals = new Map<string, number>();
  const started = Date.now();
  for (let i = 0; i < EMAILS; i++) {
    await imap.deliver(DESK.username, clientEmail(i));
    arrivals.set(`<bench-${i}@bench-clients.ru>`, Date.now());
    if (RATE > 0) {
      const due = started + ((i + 1) * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    if ((i + 1) % 250 === 0) console.log(`  доставлено писем: ${i + 1}`);
  }
  let seen = 0;
  for (let idle = 0; ; ) {
    const count = await withTenant(company.id, (tx) => tx.procOrder.count());
    if (count >= EMAILS) break;
    idle = count === seen ? idle + 1 : 0;
    seen = count;
    if (idle > 600) throw new Error(`stalled at ${count} of ${EMAILS} orders`);
    await sleep(200);
  }
  const loadAfter = load();
  const orders = await withTenant(company.id, (tx) =>
    tx.procOrder.findMany({ select: { number: true, createdAt: true, status: true, sourceMessageId: true } }),
  );
  const mails = await withTenant(company.id, (tx) => tx.procMailMessage.findMany({ select: { id: true, messageId: true } }));
  const messageIdOf = new Map(mails.map((m) => [m.id, m.messageId]));
  const latencies = orders
    .map((o) => o.createdAt.getTime() - (arrivals.get(messageIdOf.get(o.sourceMessageId ?? "") ?? "") ?? NaN))
    .filter((n) => Number.isFinite(n))
    .sort((a, b) => a - b);
  const lastOrder = Math.max(...orders.map((o) => o.createdAt.getTime()));
  const wallS = (lastOrder - started) / 1000;
  const emailsPerMin = (orders.length / wallS) * 60;
  const year = new Date().getFullYear();
  const numbers = new Set(orders.map((o) => o.number));
  const gapFree = orders.length === EMAILS && Array.from({ length: EMAILS }, (_, k) => `ORD-${year}-${String(k + 1).padStart(4, "0")}`).every((n) => numbers.has(n));
  const messages = mails.length;
  const polls = await withSystem((tx) => tx.jobRun.count({ where: { companyId: company.id, type: "procurement-mail-poll" } }));
  const aiCalls = ai.state.completionCount;

  console.log(`\nПочта → заказы: ${orders.length} заказов из ${EMAILS} писем за ${wallS.toFixed(1)} с — ${emailsPerMin.toFixed(0)} писем/мин`);
  console.log(`  задержка «письмо в ящике → заказ в БД»: p50 ${(pct(latencies, 0.5) / 1000).toFixed(2)} с, p95 ${(pct(latencies, 0.95) / 1000).toFixed(2)} с, max ${(pct(latencies, 1) / 1000).toFixed(2)} с (цель p95 < 5 с)`);
  console.log(`  писем сохранено: ${messages}, проверок ящика (poll-задач): ${polls}, запросов к ИИ: ${aiCalls}; номера без пропусков и дублей: ${gapFree ? "да" : "НЕТ"}`);
  console.log(`  нагрузка после: ${loadAfter}`);
  await disconnectDb().catch(() => undefined);

  console.log(JSON.stringify({
    emails: EMAILS, ratePerSec: RATE || null, workerConcurrency: CONCURRENCY, orders: orders.length, gapFree,
    p50Ms: pct(latencies, 0.5), p95Ms: pct(latencies, 0.95), maxMs: pct(latencies, 1), emailsPerMin: Number(emailsPerMin.toFixed(1)),
    polls, aiCalls, load: loadAfter.replace(/.*load average:\s*/, ""),
  }));
} finally {
  for (const stop of stops) await stop().catch(() => undefined);
}
process.exit(0);
