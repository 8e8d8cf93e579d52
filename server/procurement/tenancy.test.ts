import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { callerFor, createCompany, createMember } from "../test/factories";

/** One company can neither see nor change another company's procurement data (API and database level). */
let a: { id: string };
let b: { id: string };
let managerA: Awaited<ReturnType<typeof createMember>>;
let managerB: Awaited<ReturnType<typeof createMember>>;
let orderB: { id: string };
let supplierB: { id: string };
let clientB: { id: string };

beforeAll(async () => {
  a = await createCompany("Закупки А", ["procurement"]);
  b = await createCompany("Закупки Б", ["procurement"]);
  managerA = await createMember(a.id, "manager");
  managerB = await createMember(b.id, "manager");
  const apiB = callerFor(managerB.user, b.id);
  clientB = await apiB.procurement.saveClient({ data: { name: "Клиент Б", email: "client@b.ru" } });
  supplierB = await apiB.procurement.saveSupplier({ data: { name: "Поставщик Б", email: "s@b.ru", categories: [], brands: ["SKF"], active: true } });
  orderB = await withTenant(b.id, (tx) =>
    tx.procOrder.create({ data: { companyId: b.id, number: "ORD-2026-0001", clientId: clientB.id, items: { create: [{ companyId: b.id, position: 1, name: "Подшипник" }] } } }),
  );
});

describe("procurement tenancy", () => {
  it("lists show only the caller's company", async () => {
    const apiA = callerFor(managerA.user, a.id);
    expect((await apiA.procurement.orders({})).total).toBe(0);
    expect((await apiA.procurement.clients({})).total).toBe(0);
    expect((await apiA.procurement.suppliers({})).total).toBe(0);
    const apiB = callerFor(managerB.user, b.id);
    expect((await apiB.procurement.orders({})).total).toBe(1);
  });

  it("another company's order, client and supplier are not found and cannot be changed", async () => {
    const apiA = callerFor(managerA.user, a.id);
    await expect(apiA.procurement.order({ id: orderB.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(apiA.procurement.saveItems({ orderId: orderB.id, items: [{ name: "Взлом", quantity: 1, unit: "шт" }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(apiA.procurement.setStatus({ orderId: orderB.id, status: "cancelled" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(apiA.procurement.requestRfqs({ orderId: orderB.id, supplierIds: [supplierB.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(apiA.procurement.saveClient({ id: clientB.id, data: { name: "Чужой" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(apiA.procurement.deleteSupplier({ id: supplierB.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const still = await withTenant(b.id, (tx) => tx.procOrder.findUniqueOrThrow({ where: { id: orderB.id }, include: { items: true } }));
    expect(still.status).toBe("new");
    expect(still.items.map((i) => i.name)).toEqual(["Подшипник"]);
  });

  it("RLS hides the rows even without the injected companyId", async () => {
    const rows = await withTenant(a.id, (tx) => tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "ProcOrder"`);
    expect(rows[0].n).toBe(0);
  });

  it("a viewer may read but not change; a company without the module is refused", async () => {
    const viewer = await createMember(b.id, "viewer");
    const api = callerFor(viewer.user, b.id);
    expect((await api.procurement.orders({})).total).toBe(1);
    await expect(api.procurement.saveClient({ data: { name: "Новый" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const c = await createCompany("Без закупок", []);
    const m = await createMember(c.id, "owner");
    await expect(callerFor(m.user, c.id).procurement.orders({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("client and supplier CRUD are audited and search works", async () => {
    const api = callerFor(managerA.user, a.id);
    const s = await api.procurement.saveSupplier({ data: { name: "ЭлектроОпт", email: "Opt@Electro.ru", categories: ["кабель", " кабель "], brands: ["ABB"], active: true } });
    expect(s).toMatchObject({ email: "opt@electro.ru", categories: ["кабель"] });
    await expect(api.procurement.saveSupplier({ data: { name: "Дубль", email: "opt@electro.ru", categories: [], brands: [], active: true } })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await api.procurement.suppliers({ search: "электро" })).total).toBe(1);
    expect((await api.procurement.suppliers({ brand: "ABB" })).total).toBe(1);
    expect((await api.procurement.suppliers({ brand: "SKF" })).total).toBe(0);
    await api.procurement.deleteSupplier({ id: s.id });
    const audit = await withTenant(a.id, (tx) => tx.auditLog.findMany({ where: { entity: "ProcSupplier" }, orderBy: { createdAt: "asc" } }));
    expect(audit.map((x) => x.action)).toEqual(["procurement.supplier.created", "procurement.supplier.deleted"]);
  });
});

describe("procurement settings", () => {
  it("owners change the template and timeouts (audited); managers cannot; the token placeholder is required", async () => {
    const owner = await createMember(a.id, "owner");
    const api = callerFor(owner.user, a.id);
    const current = await api.procurement.settings();
    expect(current.rfqTimeoutHours).toBe(48);
    expect(current.rfqReminderHours).toBe(24);
    const next = { ...current, legalName: "ООО «Альфа»", rfqTimeoutHours: 72, rfqReminderHours: null };
    expect(await api.procurement.saveSettings(next)).toEqual({ changed: 3 });
    expect(await api.procurement.settings()).toMatchObject({ legalName: "ООО «Альфа»", rfqTimeoutHours: 72, rfqReminderHours: null });
    await expect(api.procurement.saveSettings({ ...next, rfqSubject: "Запрос цены" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(managerA.user, a.id).procurement.saveSettings(next)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const audit = await withTenant(a.id, (tx) => tx.auditLog.findMany({ where: { action: "procurement.settings.updated" } }));
    expect(audit).toHaveLength(1);
  });
});
