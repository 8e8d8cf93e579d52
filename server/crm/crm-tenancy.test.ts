/** One company can neither see nor change another company's CRM data (Prisma scope, RLS, API). */
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { getEnv } from "../env";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";

let a: Awaited<ReturnType<typeof crmCompany>>;
let b: Awaited<ReturnType<typeof crmCompany>>;
let dealB: string;
let clientB: string;

beforeAll(async () => {
  await ensureJobQueueSchema();
  a = await crmCompany("Альфа-Брокер");
  b = await crmCompany("Бета-Брокер");
  const created = await b.as(b.seller).crm.createDeal({ title: "Сделка Беты", newClient: { kind: "person", name: "Клиент Беты" } });
  dealB = created.id;
  clientB = created.clientId;
  await b.as(b.seller).crm.createTask({ dealId: dealB, type: "calculation", title: "Расчёт", assigneeId: b.executor.user.id });
});

describe("CRM tenant isolation", () => {
  it("the API of company A never shows or changes company B's deals, clients, tasks and notifications", async () => {
    const owner = a.as(a.owner);
    expect((await owner.crm.deals({ filters: { sort: "updatedAt" } })).items).toEqual([]);
    expect((await owner.crm.clients({})).items).toEqual([]);
    await expect(owner.crm.deal({ dealId: dealB })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.crm.addJournal({ dealId: dealB, text: "взлом" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.crm.createDeal({ title: "С чужим клиентом", clientId: clientB })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.crm.createTask({ dealId: dealB, type: "other", title: "Чужая", assigneeId: b.executor.user.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // B's insurer cannot be used by A.
    const created = await owner.crm.createDeal({ title: "Своя", newClient: { kind: "person", name: "Свой" } });
    await expect(owner.crm.addCalculation({ dealId: created.id, insurerId: b.insurer.ingos, premium: 100, sumInsured: 100 })).rejects.toThrow("Страховщик не найден");
    // A member of B cannot act in A with B's session company.
    await expect(b.as(b.owner).crm.deal({ dealId: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await a.as(a.executor).crm.notifications({})).items).toEqual([]);
  });

  it("Prisma scope: A's tenant transaction sees none of B's CRM rows", async () => {
    const counts = await withTenant(a.company.id, async (tx) => ({
      deals: await tx.crmDeal.count({ where: { id: dealB } }),
      clients: await tx.crmClient.count({ where: { id: clientB } }),
      tasks: await tx.crmTask.count({ where: { dealId: dealB } }),
      notes: await tx.crmNotification.count({ where: { userId: b.executor.user.id } }),
    }));
    expect(counts).toEqual({ deals: 0, clients: 0, tasks: 0, notes: 0 });
  });

  it("RLS: as the application role in A's context, B's rows are invisible and cannot be written", async () => {
    const c = new pg.Client({ connectionString: getEnv().appDatabaseUrl });
    await c.connect();
    try {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.company_id', $1, true)", [a.company.id]);
      for (const table of ["CrmDeal", "CrmClient", "CrmTask", "CrmDealParticipant", "CrmNotification", "CrmInsurer"]) {
        const r = await c.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "companyId" = $1`, [b.company.id]);
        expect(r.rows[0].n, table).toBe(0);
      }
      const upd = await c.query('UPDATE "CrmDeal" SET title = \'x\' WHERE id = $1', [dealB]);
      expect(upd.rowCount).toBe(0);
      await expect(c.query(
        'INSERT INTO "CrmJournalEntry" (id, "companyId", "dealId", "authorName", text) VALUES (gen_random_uuid(), $1, $2, \'x\', \'y\')',
        [b.company.id, dealB],
      )).rejects.toThrow(/row-level security/);
      await c.query("ROLLBACK");
    } finally {
      await c.end();
    }
  });
});
