/**
 * Tenant isolation of automations and dealers. A CompanyLink is ONE row shared by its two companies
 * (RLS: visible to either side); a third company sees nothing and cannot change or forge it. Rules, events,
 * jobs, dealers, templates and deliveries are plain tenant tables.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db, withTenant } from "../db";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { callerFor, createCompany, createMember } from "../test/factories";
import { linkSides } from "./link-access";

let a: { id: string };
let b: { id: string };
let c: { id: string };
let ownerA: Awaited<ReturnType<typeof createMember>>;
let ownerB: Awaited<ReturnType<typeof createMember>>;
let ownerC: Awaited<ReturnType<typeof createMember>>;

beforeAll(async () => {
  a = await createCompany("Поставщик", ["automations"]);
  b = await createCompany("Покупатель", ["automations"]);
  c = await createCompany("Посторонний", ["automations"]);
  ownerA = await createMember(a.id, "owner");
  ownerB = await createMember(b.id, "owner");
  ownerC = await createMember(c.id, "owner");
});

const as = (m: Awaited<ReturnType<typeof createMember>>, companyId: string) => callerFor(m.user, companyId);

describe("company links", () => {
  it("become active only after both sides switch them on", async () => {
    const first = await as(ownerA, a.id).automations.enableLink({ partnerCompanyId: b.id });
    expect(first).toMatchObject({ status: "pending", active: false });
    const seenByB = await as(ownerB, b.id).automations.links();
    expect(seenByB).toHaveLength(1);
    expect(seenByB[0]).toMatchObject({ partnerCompanyId: a.id, partnerName: "Поставщик", mineEnabled: false, partnerEnabled: true, status: "pending" });
    const second = await as(ownerB, b.id).automations.enableLink({ partnerCompanyId: a.id });
    expect(second).toMatchObject({ status: "active", active: true });
    expect((await as(ownerA, a.id).automations.links())[0]).toMatchObject({ status: "active", mineEnabled: true, partnerEnabled: true });
  });

  it("a third company sees no link, cannot change it and cannot forge one between others", async () => {
    expect(await as(ownerC, c.id).automations.links()).toEqual([]);
    const link = (await as(ownerA, a.id).automations.links())[0]!;
    await expect(as(ownerC, c.id).automations.setLinkStatus({ linkId: link.id, action: "revoke" })).rejects.toThrow(/не найдена/);
    expect(await withTenant(c.id, (tx) => tx.companyLink.count())).toBe(0);
    expect(await withTenant(c.id, (tx) => tx.companyLink.updateMany({ data: { status: "revoked" } }))).toEqual({ count: 0 });
    await expect(withTenant(c.id, (tx) => tx.companyLink.create({ data: { ...linkSides(a.id, b.id), status: "active", aEnabled: true, bEnabled: true, createdByCompanyId: c.id } })))
      .rejects.toThrow();
    // Without any tenant context nothing is visible either.
    expect(await db().companyLink.count()).toBe(0);
  });

  it("either side pauses; only the pausing side resumes; audit at both companies", async () => {
    const link = (await as(ownerB, b.id).automations.links())[0]!;
    await as(ownerB, b.id).automations.setLinkStatus({ linkId: link.id, action: "pause" });
    expect((await as(ownerA, a.id).automations.links())[0]).toMatchObject({ status: "paused", active: false, statusByPartner: true });
    await expect(as(ownerA, a.id).automations.setLinkStatus({ linkId: link.id, action: "resume" })).rejects.toThrow(/партнёром/);
    await as(ownerB, b.id).automations.setLinkStatus({ linkId: link.id, action: "resume" });
    expect((await as(ownerA, a.id).automations.links())[0]).toMatchObject({ status: "active", active: true });
    const auditA = await withTenant(a.id, (tx) => tx.auditLog.findMany({ where: { entity: "CompanyLink" } }));
    expect(auditA.map((x) => x.action)).toEqual(expect.arrayContaining(["automations.link_enabled", "automations.link_pause_by_partner"]));
  });

  it("rejects self-links and unknown partners with Russian messages", async () => {
    await expect(as(ownerA, a.id).automations.enableLink({ partnerCompanyId: a.id })).rejects.toThrow("Нельзя связать компанию саму с собой");
    await expect(as(ownerA, a.id).automations.enableLink({ partnerCompanyId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(/не найдена/);
  });
});

describe("tenant tables", () => {
  it("dealers, templates and deliveries of one company are invisible to another", async () => {
    const { id } = await as(ownerA, a.id).dealers.save({ name: "Дилер Петров", phone: "+7 900 000-00-00", counterpartyIds: ["cp-1"], salesPointIds: [] });
    await as(ownerA, a.id).dealers.saveTemplate({ trigger: "order_created", text: "Заказ {{number}}", enabled: true });
    expect(await as(ownerB, b.id).dealers.list()).toEqual([]);
    expect((await as(ownerB, b.id).dealers.templates()).every((t) => !t.custom)).toBe(true);
    await expect(as(ownerB, b.id).dealers.setPaused({ id, paused: true })).rejects.toThrow(/не найден/);
    await expect(as(ownerB, b.id).dealers.remove({ id })).rejects.toThrow(/не найден/);
    expect(await withTenant(b.id, (tx) => tx.dealer.updateMany({ data: { name: "взлом" } }))).toEqual({ count: 0 });
    expect((await as(ownerA, a.id).dealers.list())[0]).toMatchObject({ name: "Дилер Петров", status: "pending" });
  });

  it("source events, rules and jobs stay with their company", async () => {
    await withTenant(a.id, (tx) => tx.sourceEvent.create({ data: { companyId: a.id, origin: "manual", entityType: "demand", action: "CREATE", entityId: "x", href: "http://x/entity/demand/x", payload: {}, dedupeKey: "demand:x:CREATE" } }));
    expect(await withTenant(b.id, (tx) => tx.sourceEvent.count())).toBe(0);
    expect(await withTenant(a.id, (tx) => tx.sourceEvent.count())).toBe(1);
    expect((await as(ownerB, b.id).automations.jobs({})).total).toBe(0);
    expect(await as(ownerC, c.id).automations.rules()).toEqual([]);
    await expect(withTenant(b.id, (tx) => tx.sourceEvent.create({ data: { companyId: a.id, origin: "manual", entityType: "demand", action: "CREATE", entityId: "y", href: "h", payload: {}, dedupeKey: "k" } })))
      .rejects.toThrow(/Tenant violation/);
  });

  it("quotas: the company admin changes its own (audited, validated); viewers cannot; others are untouched", async () => {
    await as(ownerA, a.id).automations.overview();
    await as(ownerC, c.id).automations.overview();
    expect(await as(ownerA, a.id).automations.setQuotas({ maxRules: 5, maxRunsPerDay: 250 })).toEqual({ maxRules: 5, maxRunsPerDay: 250 });
    expect((await as(ownerA, a.id).automations.overview()).quotas).toMatchObject({ maxRules: 5, maxRunsPerDay: 250 });
    expect((await as(ownerC, c.id).automations.overview()).quotas).toMatchObject({ maxRules: 20, maxRunsPerDay: 1000 });
    const audit = await withTenant(a.id, (tx) => tx.auditLog.findFirst({ where: { action: "automations.quotas_changed" } }));
    expect(audit?.changes).toEqual({ maxRules: { from: 20, to: 5 }, maxRunsPerDay: { from: 1000, to: 250 } });
    await expect(as(ownerA, a.id).automations.setQuotas({ maxRules: 0, maxRunsPerDay: 250 })).rejects.toThrow("Не меньше 1");
    const viewer = await createMember(a.id, "viewer");
    await expect(as(viewer, a.id).automations.setQuotas({ maxRules: 50, maxRunsPerDay: 250 })).rejects.toThrow();
  });

  it("viewers cannot change links or dealers", async () => {
    const viewer = await createMember(a.id, "viewer");
    await expect(as(viewer, a.id).automations.enableLink({ partnerCompanyId: c.id })).rejects.toThrow();
    await expect(as(viewer, a.id).dealers.save({ name: "X", counterpartyIds: ["1"], salesPointIds: [] })).rejects.toThrow();
    expect(SYSTEM_ACTOR.userId).toBeNull();
  });
});
