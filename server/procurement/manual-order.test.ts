import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { callerFor, createCompany, createMember } from "../test/factories";
import { nextNumber } from "./numbering";

/** An order typed in by a manager: same numbering as the email orders, audited, tenant-scoped. */
let a: { id: string };
let b: { id: string };
let managerA: Awaited<ReturnType<typeof createMember>>;
let viewerA: Awaited<ReturnType<typeof createMember>>;
let clientB: { id: string };

beforeAll(async () => {
  a = await createCompany("Ручные заявки А", ["procurement"]);
  b = await createCompany("Ручные заявки Б", ["procurement"]);
  managerA = await createMember(a.id, "manager");
  viewerA = await createMember(a.id, "viewer");
  const managerB = await createMember(b.id, "manager");
  clientB = await callerFor(managerB.user, b.id).procurement.saveClient({ data: { name: "Клиент Б", email: "client@b.ru" } });
});

describe("manual orders", () => {
  it("continue the company's ORD numbering, match the client by email and are audited", async () => {
    const year = new Date().getFullYear();
    // An email order took number 1 already.
    expect(await withTenant(a.id, (tx) => nextNumber(tx, a.id, "ORD"))).toBe(`ORD-${year}-0001`);
    const api = callerFor(managerA.user, a.id).procurement;
    const first = await api.createOrder({
      client: { name: "ООО «Телефон»", email: "Zakaz@Phone.ru" },
      subject: "Звонок: подшипники",
      items: [{ name: "Подшипник 6205-2RS", brand: "SKF", quantity: 10, unit: "шт" }, { name: "Ремень A-1250", quantity: 2, unit: "шт" }],
    });
    expect(first).toMatchObject({ number: `ORD-${year}-0002`, status: "new" });
    const second = await api.createOrder({ client: { name: "Другое имя", email: "zakaz@phone.ru" }, subject: "Без позиций пока", items: [] });
    expect(second).toMatchObject({ number: `ORD-${year}-0003`, status: "needs_review" });
    const order = await api.order({ id: first.id });
    expect(order.items.map((i) => [i.name, Number(i.quantity)])).toEqual([["Подшипник 6205-2RS", 10], ["Ремень A-1250", 2]]);
    const clients = await api.clients({});
    expect(clients.rows.map((c) => c.email)).toEqual(["zakaz@phone.ru"]); // matched, not duplicated
    const audit = await withTenant(a.id, (tx) => tx.auditLog.findMany({ where: { action: "procurement.order.created", entityId: first.id } }));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ source: "manual", items: 2 });
  });

  it("refuses viewers, empty subjects and another company's client", async () => {
    await expect(callerFor(viewerA.user, a.id).procurement.createOrder({ subject: "x", items: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const api = callerFor(managerA.user, a.id).procurement;
    await expect(api.createOrder({ subject: " ", items: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.createOrder({ clientId: clientB.id, subject: "Чужой клиент", items: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await withTenant(b.id, (tx) => tx.procOrder.count())).toBe(0);
  });
});
