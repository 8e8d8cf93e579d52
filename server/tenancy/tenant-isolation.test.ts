import { readFileSync } from "node:fs";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { TENANT_MODELS, db, withSystem, withTenant } from "../db";
import { getEnv } from "../env";
import { callerFor, createCompany, createMember } from "../test/factories";

let a: Awaited<ReturnType<typeof createCompany>>;
let b: Awaited<ReturnType<typeof createCompany>>;
let adminA: Awaited<ReturnType<typeof createMember>>;
let adminB: Awaited<ReturnType<typeof createMember>>;

beforeAll(async () => {
  a = await createCompany("Альфа");
  b = await createCompany("Бета");
  adminA = await createMember(a.id, "admin");
  adminB = await createMember(b.id, "admin");
  await createMember(b.id, "seller");
});

describe("schema and RLS coverage", () => {
  it("lists exactly the models that carry companyId as tenant models", () => {
    const schema = readFileSync("prisma/schema.prisma", "utf8");
    const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
      .filter(([, , body]) => /^\s+companyId\s/m.test(body!))
      .map(([, name]) => name);
    expect(new Set(models)).toEqual(new Set(TENANT_MODELS));
  });

  it("has FORCE ROW LEVEL SECURITY on every tenant table and on Company", async () => {
    const rows = await db().$queryRaw<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[]>`
      SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`;
    for (const table of [...TENANT_MODELS, "Company"]) {
      const row = rows.find((r) => r.relname === table);
      expect(row, table).toBeDefined();
      expect(row!.relrowsecurity && row!.relforcerowsecurity, table).toBe(true);
    }
  });
});

describe("SQL level (as the application role)", () => {
  async function asApp<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: getEnv().appDatabaseUrl });
    await c.connect();
    try { return await fn(c); } finally { await c.end(); }
  }

  it("connects as a role that is neither owner, superuser nor BYPASSRLS", async () => {
    const r = await asApp((c) => c.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"));
    expect(r.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it("sees no tenant rows without a tenant context", async () => {
    const r = await asApp((c) => c.query('SELECT count(*)::int AS n FROM "Membership"'));
    expect(r.rows[0].n).toBe(0);
    const companies = await asApp((c) => c.query('SELECT count(*)::int AS n FROM "Company"'));
    expect(companies.rows[0].n).toBe(0);
  });

  it("sees only its own company's rows, and cannot write into another company", async () => {
    await asApp(async (c) => {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.company_id', $1, true)", [a.id]);
      const r = await c.query('SELECT DISTINCT "companyId" FROM "Membership"');
      expect(r.rows.map((x) => x.companyId)).toEqual([a.id]);
      const upd = await c.query('UPDATE "Membership" SET role = \'viewer\' WHERE "companyId" = $1', [b.id]);
      expect(upd.rowCount).toBe(0);
      await expect(
        c.query('INSERT INTO "AuditLog" (id, "companyId", action, entity) VALUES (gen_random_uuid(), $1, \'x\', \'y\')', [b.id]),
      ).rejects.toThrow(/row-level security/);
      await c.query("ROLLBACK");
    });
  });

  it("cannot change or delete audit rows", async () => {
    await asApp(async (c) => {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.company_id', $1, true)", [a.id]);
      await expect(c.query('DELETE FROM "AuditLog"')).rejects.toThrow(/permission denied/);
      await c.query("ROLLBACK");
    });
  });
});

describe("Prisma level", () => {
  it("scopes reads and writes to the tenant", async () => {
    const seen = await withTenant(a.id, (tx) => tx.membership.findMany());
    expect(seen.every((m) => m.companyId === a.id)).toBe(true);
    expect(seen.length).toBe(1);
    const updated = await withTenant(a.id, (tx) => tx.membership.updateMany({ where: { id: adminB.membership.id }, data: { role: "viewer" } }));
    expect(updated.count).toBe(0);
    const stillAdmin = await withSystem((tx) => tx.membership.findUnique({ where: { id: adminB.membership.id } }));
    expect(stillAdmin?.role).toBe("admin");
  });

  it("refuses to create a row for another company", async () => {
    await expect(withTenant(a.id, (tx) => tx.auditLog.create({ data: { companyId: b.id, action: "x", entity: "y" } }))).rejects.toThrow(/Tenant violation/);
  });

  it("returns nothing for tenant models outside a tenant context", async () => {
    expect(await db().membership.findMany()).toEqual([]);
    expect(await db().company.findMany()).toEqual([]);
  });
});

describe("tRPC level", () => {
  it("rejects anonymous calls with UNAUTHORIZED", async () => {
    await expect(callerFor(null, null).members.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("rejects a company the user is not a member of with FORBIDDEN", async () => {
    await expect(callerFor(adminA.user, b.id).members.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("rejects a role without the right with FORBIDDEN", async () => {
    const seller = await createMember(a.id, "seller");
    await expect(callerFor(seller.user, a.id).members.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("never lists or changes another company's members", async () => {
    const list = await callerFor(adminA.user, a.id).members.list({});
    expect(list.members.map((m) => m.email)).not.toContain(adminB.user.email);
    await expect(
      callerFor(adminA.user, a.id).members.changeRole({ membershipId: adminB.membership.id, role: "viewer" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerFor(adminA.user, a.id).members.setActive({ membershipId: adminB.membership.id, active: false }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
