/**
 * `npm run bench:crm [-- --deals 100000] [-- --dir .data/bench-crm]`: seeds a throw-away embedded PostgreSQL with a large
 * CRM (one company: 100k deals, 1M journal entries, 200k policies, 1M installments and ~1M payments; two noise companies
 * with 5% of that), ANALYZEs, then measures the server latency (p50/p95) of the real domain functions, called as the
 * application role through withTenant (RLS on): deals list with filters and sorting, search, deal page, my tasks and the
 * receivables report, with varied parameters and roles. Prints readable figures and one final JSON line.
 * `--dir` keeps the seeded cluster in that directory and reuses it on the next run (for EXPLAIN work).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { prepareBenchDatabase } from "./lib/bench-database.ts";
import { findFreePort } from "./lib/free-port.ts";

const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const DEALS = Number(arg("--deals") ?? 100_000);
const ITER = Number(arg("--iterations") ?? 200);
const keepDir = arg("--dir");
const tmp = keepDir ? path.resolve(keepDir) : mkdtempSync(path.join(os.tmpdir(), "pult-bench-crm-"));
const appPassword = "bench-app-password";
const env: Record<string, string> = {
  AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123",
  SECRETS_KEY: Buffer.alloc(32, 3).toString("base64"),
  DATABASE_APP_PASSWORD: appPassword,
  LOG_LEVEL: "silent",
  NODE_ENV: "production",
};

/** Deterministic uuid for the n-th row of a kind in a company (so rows can reference each other without look-ups). */
const id = (c: string, kind: string, n: string) => `md5('${c}:${kind}:' || ${n})::uuid`;

function seedSql(c: string, companyId: string, deals: number): string[] {
  const clients = Math.max(10, Math.floor(deals / 2));
  const policies = deals * 2;
  const cid = `'${companyId}'::uuid`;
  const words = `(ARRAY['КАСКО','ОСАГО','ДМС','Имущество','Грузы','Ответственность','Спецтехника','Склад','Офис','Флот'])`;
  const names = `(ARRAY['Иванов','Петров','Сидорова','Кузнецов','Смирнова','Волков','Лебедев','Морозова','Новиков','Фёдоров','Ромашка','Вектор','Альфа','Сириус','Орион'])`;
  return [
    `INSERT INTO "User"(id, email, name, "passwordHash", "updatedAt")
       SELECT ${id(c, "user", "n")}, '${c}-u' || n || '@bench.pult', CASE WHEN n <= 20 THEN 'Продавец ' ELSE 'Исполнитель ' END || n, 'x', now()
       FROM generate_series(1, 30) n`,
    `INSERT INTO "CrmInsurer"(id, "companyId", name) SELECT ${id(c, "ins", "n")}, ${cid}, 'Страховщик ' || n FROM generate_series(0, 9) n`,
    `INSERT INTO "CrmClient"(id, "companyId", kind, name, phone, "updatedAt")
       SELECT ${id(c, "client", "n")}, ${cid}, (CASE WHEN n % 3 = 0 THEN 'company' ELSE 'person' END)::"CrmClientKind",
              ${names}[1 + n % 15] || ' ' || ${names}[1 + (n / 15) % 15] || ' ' || n, '+7900' || n, now()
       FROM generate_series(0, ${clients - 1}) n`,
    `INSERT INTO "CrmDeal"(id, "companyId", title, "clientId", stage, "sellerId", "reviewDate", "reviewDateAuto", "createdAt", "updatedAt")
       SELECT ${id(c, "deal", "n")}, ${cid}, ${words}[1 + n % 10] || ' ' || ${words}[1 + (n / 10) % 10] || ' №' || n,
              ${id(c, "client", `(n % ${clients})`)},
              (ARRAY['new','calculation','negotiation','issuing','active','active','active','closed','lost'])[1 + n % 9]::"CrmDealStage",
              ${id(c, "user", "(1 + n % 20)")},
              current_date + ((n * 7919) % 730 - 365), current_date + ((n * 7919) % 730 - 365),
              now() - ((n % 1000) || ' hours')::interval, now() - ((n * 31 % 100000) || ' minutes')::interval
       FROM generate_series(0, ${deals - 1}) n`,
    `INSERT INTO "CrmDealParticipant"(id, "companyId", "dealId", "userId")
       SELECT ${id(c, "part", "n")}, ${cid}, ${id(c, "deal", "n")}, ${id(c, "user", "(21 + n % 10)")} FROM generate_series(0, ${deals - 1}) n`,
    `INSERT INTO "CrmTask"(id, "companyId", "dealId", type, title, "assigneeId", "dueDate", status, "createdAt", "updatedAt")
       SELECT ${id(c, "task", "n")}, ${cid}, ${id(c, "deal", `(n / 2)`)}, (CASE WHEN n % 2 = 0 THEN 'calculation' ELSE 'issuing' END)::"CrmTaskType",
              'Задача ' || n, ${id(c, "user", "(21 + (n / 2) % 10)")}, current_date + (n % 60 - 20),
              (CASE WHEN n % 10 = 0 THEN 'open' WHEN n % 10 = 1 THEN 'cancelled' ELSE 'done' END)::"CrmTaskStatus",
              now() - ((n % 5000) || ' minutes')::interval, now()
       FROM generate_series(0, ${deals * 2 - 1}) n`,
    `INSERT INTO "CrmJournalEntry"(id, "companyId", "dealId", "authorId", "authorName", text, "createdAt")
       SELECT gen_random_uuid(), ${cid}, ${id(c, "deal", `(n % ${deals})`)}, NULL, 'Продавец', 'Запись журнала ' || n || ': созвонились с клиентом, обсудили условия',
              now() - ((n % 100000) || ' minutes')::interval
       FROM generate_series(0, ${deals * 10 - 1}) n`,
    `INSERT INTO "CrmPolicy"(id, "companyId", "dealId", "insurerId", number, "startDate", "endDate", premium, "commissionRateBp", "expectedCommission", "expectedExpenses", "updatedAt")
       SELECT ${id(c, "pol", "n")}, ${cid}, ${id(c, "deal", "(n / 2)")}, ${id(c, "ins", "(n % 10)")}, 'П-' || n,
              current_date - (n % 730), current_date - (n % 730) + 364, 5000000 + (n % 100) * 10000, 1500, (5000000 + (n % 100) * 10000) * 15 / 100, 100000, now()
       FROM generate_series(0, ${policies - 1}) n`,
    // 5 installments a policy, 73 days apart: past ones paid (every 37th left overdue), a third of future ones half paid.
    // sellerId / insurerId: what the installment trigger copies from the deal (seller 1 + n % 20) and the policy (insurer n % 10).
    `INSERT INTO "CrmInstallment"(id, "companyId", "policyId", "dealId", "sellerId", "insurerId", "dueDate", amount, "paidAmount", "paidAt", "updatedAt")
       SELECT ${id(c, "inst", "n")}, ${cid}, ${id(c, "pol", "(n / 5)")}, ${id(c, "deal", "(n / 10)")},
              ${id(c, "user", "(1 + (n / 10) % 20)")}, ${id(c, "ins", "((n / 5) % 10)")}, due, 1000000,
              CASE WHEN due < current_date AND n % 37 <> 0 THEN 1000000 WHEN due >= current_date AND n % 3 = 0 THEN 500000 ELSE 0 END,
              CASE WHEN due < current_date AND n % 37 <> 0 THEN due END, now()
       FROM (SELECT n, current_date - ((n / 5) % 730) + (n % 5) * 73 AS due FROM generate_series(0, ${policies * 5 - 1}) n) s`,
    `INSERT INTO "CrmPayment"(id, "companyId", "policyId", "installmentId", amount, "paidOn")
       SELECT gen_random_uuid(), ${cid}, i."policyId", i.id, part.amount, LEAST(i."dueDate", current_date)
       FROM "CrmInstallment" i
       CROSS JOIN LATERAL (SELECT i."paidAmount" / 2 AS amount WHERE i."dueDate" < current_date - 365 UNION ALL
                           SELECT i."paidAmount" - CASE WHEN i."dueDate" < current_date - 365 THEN i."paidAmount" / 2 ELSE 0 END) part
       WHERE i."companyId" = ${cid} AND i."paidAmount" > 0`,
    `INSERT INTO "CrmIncome"(id, "companyId", "policyId", "dealId", kind, amount, "receivedOn")
       SELECT gen_random_uuid(), ${cid}, ${id(c, "pol", "n")}, ${id(c, "deal", "(n / 2)")}, CASE WHEN n % 10 = 0 THEN 'other' ELSE 'commission' END, 750000, current_date - (n % 730)
       FROM generate_series(0, ${policies - 1}) n`,
    `INSERT INTO "CrmExpense"(id, "companyId", "policyId", "dealId", kind, amount, "paidOn")
       SELECT gen_random_uuid(), ${cid}, ${id(c, "pol", "n")}, ${id(c, "deal", "(n / 2)")}, 'agent_fee', 100000, current_date - (n % 730)
       FROM generate_series(0, ${policies - 1}, 2) n`,
  ];
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

console.log(`Бенчмарк CRM: ${DEALS.toLocaleString("ru-RU")} сделок в основной компании + 2 компании-шума по 5%`);
const pgServer = await startEmbeddedPostgres({ dir: path.join(tmp, "pg"), port: await findFreePort(), quiet: true });
try {
  await prepareBenchDatabase(pgServer.url, env);

  const owner = new pg.Client({ connectionString: env.DATABASE_URL });
  await owner.connect();
  const companies = [
    { c: "main", id: "00000000-0000-4000-8000-000000000001", deals: DEALS },
    { c: "noise1", id: "00000000-0000-4000-8000-000000000002", deals: Math.floor(DEALS / 20) },
    { c: "noise2", id: "00000000-0000-4000-8000-000000000003", deals: Math.floor(DEALS / 20) },
  ];
  const seeded = (await owner.query(`SELECT 1 FROM "Company" WHERE id = $1`, [companies[0]!.id])).rowCount === 1;
  if (!seeded) {
    const t0 = Date.now();
    // Bulk load: the rows reference each other by construction (deterministic ids), so this session skips the per-row
    // triggers (foreign-key checks and the search-word trigger, filled set-based below) and loads without the secondary
    // indexes of the CRM tables, which are rebuilt once at the end (primary keys and unique indexes stay).
    await owner.query("SET session_replication_role = replica");
    await owner.query("SET synchronous_commit = off");
    await owner.query("SET maintenance_work_mem = '256MB'");
    const indexes = (await owner.query(`SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       WHERE t.relnamespace = 'public'::regnamespace AND t.relname LIKE 'Crm%' AND NOT i.indisprimary AND NOT i.indisunique`)).rows as { name: string; def: string }[];
    for (const ix of indexes) await owner.query(`DROP INDEX "${ix.name}"`);
    for (const co of companies) {
      await owner.query(`INSERT INTO "Company"(id, name, slug, "enabledModules", "updatedAt") VALUES ($1, $2, $3, ARRAY['crm'], now())`, [co.id, `Бенчмарк ${co.c}`, `bench-${co.c}`]);
      for (const sql of seedSql(co.c, co.id, co.deals)) await owner.query(sql);
    }
    // The search words the trigger would have written (same split as crm_refresh_search_words).
    await owner.query(`INSERT INTO "CrmSearchWord"(id, "companyId", "dealId", word)
      SELECT gen_random_uuid(), s."companyId", s.id, s.w
        FROM (SELECT DISTINCT d."companyId", d.id, w
                FROM "CrmDeal" d JOIN "CrmClient" c ON c.id = d."clientId",
                     regexp_split_to_table(lower(d.title || ' ' || c.name), '[^0-9a-zа-яё]+') w
               WHERE w <> '') s`);
    // The deal's denormalised participants and insurers the triggers would have kept (same as migration crm_perf),
    // then the table rewritten compactly (the update left a dead copy of every deal).
    await owner.query(`UPDATE "CrmDeal" d SET "participantIds" = s.ids
        FROM (SELECT "dealId", array_agg(DISTINCT "userId" ORDER BY "userId") AS ids FROM "CrmDealParticipant" GROUP BY "dealId") s
       WHERE s."dealId" = d.id`);
    await owner.query(`UPDATE "CrmDeal" d SET "insurerIds" = s.ids
        FROM (SELECT "dealId", array_agg(DISTINCT ins ORDER BY ins) AS ids
                FROM (SELECT "dealId", "insurerId" AS ins FROM "CrmPolicy" UNION SELECT "dealId", "insurerId" FROM "CrmCalculation") u
               GROUP BY "dealId") s
       WHERE s."dealId" = d.id`);
    await owner.query(`VACUUM FULL "CrmDeal"`);
    const wrong = (await owner.query(`SELECT count(*)::int AS n FROM "CrmInstallment" i JOIN "CrmDeal" d ON d.id = i."dealId" JOIN "CrmPolicy" p ON p.id = i."policyId"
       WHERE i."sellerId" IS DISTINCT FROM d."sellerId" OR i."insurerId" IS DISTINCT FROM p."insurerId"`)).rows[0].n as number;
    if (wrong) throw new Error(`seed: ${wrong} installments with a wrong seller or insurer copy`);
    const t1 = Date.now();
    for (const ix of indexes) await owner.query(ix.def);
    await owner.query("RESET session_replication_role");
    await owner.query("VACUUM ANALYZE");
    console.log(`  строки ${((t1 - t0) / 1000).toFixed(1)} с, индексы и VACUUM ANALYZE ${((Date.now() - t1) / 1000).toFixed(1)} с`);
    console.log(`Наполнение: ${((Date.now() - t0) / 1000).toFixed(1)} с`);
  } else {
    // A reused cluster may have got new migrations (indexes): refresh statistics.
    await owner.query("VACUUM ANALYZE");
    console.log("Наполнение: база переиспользована");
  }
  const counts = (await owner.query(`SELECT
      (SELECT count(*) FROM "CrmDeal" WHERE "companyId" = $1) deals, (SELECT count(*) FROM "CrmJournalEntry" WHERE "companyId" = $1) journal,
      (SELECT count(*) FROM "CrmPolicy" WHERE "companyId" = $1) policies, (SELECT count(*) FROM "CrmInstallment" WHERE "companyId" = $1) installments,
      (SELECT count(*) FROM "CrmPayment" WHERE "companyId" = $1) payments, (SELECT count(*) FROM "CrmTask" WHERE "companyId" = $1) tasks,
      (SELECT count(*) FROM "CrmDeal") "allDeals"`, [companies[0]!.id])).rows[0] as Record<string, string>;
  console.log(`  основная компания: сделок ${counts.deals}, записей журнала ${counts.journal}, задач ${counts.tasks}, полисов ${counts.policies}, взносов ${counts.installments}, платежей ${counts.payments}; сделок всего ${counts.allDeals}`);
  const userOf = async (n: number) => (await owner.query(`SELECT ${id("main", "user", String(n))} AS id`)).rows[0].id as string;
  const sellers: string[] = [];
  for (let i = 1; i <= 20; i++) sellers.push(await userOf(i));
  const executors: string[] = [];
  for (let i = 21; i <= 30; i++) executors.push(await userOf(i));
  const insurers = (await owner.query(`SELECT id FROM "CrmInsurer" WHERE "companyId" = $1`, [companies[0]!.id])).rows.map((r: { id: string }) => r.id);
  const dealIds = (await owner.query(`SELECT id FROM "CrmDeal" WHERE "companyId" = $1 ORDER BY md5(id::text) LIMIT 1000`, [companies[0]!.id])).rows.map((r: { id: string }) => r.id);
  await owner.end();

  const { listDeals } = await import("../server/crm/list-deals.ts");
  const { getDeal } = await import("../server/crm/get-deal.ts");
  const { listMyTasks } = await import("../server/crm/list-my-tasks.ts");
  const { listReceivables } = await import("../server/crm/list-receivables.ts");
  const { disconnectDb } = await import("../server/db.ts");
  type TRole = "owner" | "admin" | "manager" | "seller" | "executor";
  const companyId = companies[0]!.id;
  const access = (role: TRole, userId: string) => ({ companyId, role, actor: { userId, name: "Бенч" } });
  const admin = access("admin", sellers[0]!);
  const pick = <T,>(xs: T[], i: number) => xs[i % xs.length]!;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  async function measure(name: string, n: number, fn: (i: number) => Promise<unknown>) {
    for (let i = 0; i < 5; i++) await fn(i + 10_000); // warm-up
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await fn(i);
      xs.push(performance.now() - t);
    }
    const r = { p50: Number(pct(xs, 50).toFixed(1)), p95: Number(pct(xs, 95).toFixed(1)), max: Number(Math.max(...xs).toFixed(1)) };
    console.log(`  ${name.padEnd(44)} p50 ${String(r.p50).padStart(6)} мс · p95 ${String(r.p95).padStart(6)} мс · max ${String(r.max).padStart(6)} мс · n=${n}`);
    return r;
  }

  const sorts = ["updatedAt", "reviewDate", "title"] as const;
  const stages = ["new", "calculation", "negotiation", "issuing", "active", "closed", "lost"] as const;
  console.log("Задержка на сервере (доменные функции, роль приложения, RLS):");
  const list = await measure("список сделок (фильтры, сортировка, роли)", ITER, (i) => {
    const v = i % 8;
    const who = v === 6 ? access("seller", pick(sellers, i)) : v === 7 ? access("executor", pick(executors, i)) : admin;
    const filters = {
      sort: pick([...sorts], i),
      ...(v === 1 ? { stage: pick([...stages], i) } : {}),
      ...(v === 2 ? { sellerId: pick(sellers, i) } : {}),
      ...(v === 3 ? { executorId: pick(executors, i) } : {}),
      ...(v === 4 ? { insurerId: pick(insurers, i) } : {}),
      ...(v === 5 ? { reviewFrom: day(i % 30), reviewTo: day((i % 30) + 30) } : {}),
    };
    return listDeals({ ...who, filters, page: 1 + (i % 5), pageSize: 50 });
  });
  const queries = ["Иванов", "КАСКО", "Ромашк", "№12345", "Сидорова Волков", "Орион", "Склад Флот", "7777", "ДМС Офис", "нет-такого", "Петров 1", "осаго груз"];
  const search = await measure("поиск (клиенты и сделки)", ITER, (i) => {
    const who = i % 4 === 3 ? access("seller", pick(sellers, i)) : admin;
    return listDeals({ ...who, filters: { search: pick(queries, i) + (i % 3 === 0 ? "" : ` ${i % 10}`), sort: pick([...sorts], i) }, page: 1, pageSize: 50 });
  });
  const dealPage = await measure("страница сделки", ITER, (i) => getDeal({ ...admin, dealId: pick(dealIds, i) }));
  const myTasks = await measure("мои задачи (исполнитель)", ITER, (i) =>
    listMyTasks({ ...access("executor", pick(executors, i)), status: pick(["open", "done", "all"] as const, i), page: 1 + (i % 3), pageSize: 50 }));
  const receivables = await measure("дебиторка (взносы к оплате)", ITER, (i) => {
    const v = i % 5;
    const who = v === 4 ? access("seller", pick(sellers, i)) : admin;
    const filters = {
      ...(v === 1 ? { insurerId: pick(insurers, i) } : {}),
      ...(v === 2 ? { sellerId: pick(sellers, i) } : {}),
      ...(v === 3 ? { from: day(-(i % 60)), to: day(30) } : { to: day(30) }),
    };
    return listReceivables({ ...who, filters, status: pick(["all", "overdue", "due"] as const, i), page: 1 + (i % 3), pageSize: 50 });
  });
  await disconnectDb();
  console.log(JSON.stringify({
    bench: "crm", deals: Number(counts.deals), journal: Number(counts.journal), policies: Number(counts.policies),
    installments: Number(counts.installments), payments: Number(counts.payments), iterations: ITER,
    listP50Ms: list.p50, listP95Ms: list.p95, searchP50Ms: search.p50, searchP95Ms: search.p95,
    dealPageP50Ms: dealPage.p50, dealPageP95Ms: dealPage.p95, myTasksP50Ms: myTasks.p50, myTasksP95Ms: myTasks.p95,
    receivablesP50Ms: receivables.p50, receivablesP95Ms: receivables.p95,
  }));
} finally {
  await pgServer.stop();
  if (!keepDir) rmSync(tmp, { recursive: true, force: true });
}
