/** Editing and deleting policies, installments, payments, incomes and expenses: rules, atomicity, audit, events, roles, tenancy. */
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";
import { addDays } from "./test-dates";
import { handleDealEvent } from "./handle-deal-event";

let t: Awaited<ReturnType<typeof crmCompany>>;
let other: Awaited<ReturnType<typeof crmCompany>>;

beforeAll(async () => {
  await ensureJobQueueSchema();
  t = await crmCompany("Правки");
  other = await crmCompany("Чужая");
});

const day = (s: string) => new Date(`${s}T00:00:00Z`);

async function newPolicy(number: string) {
  const s = t.as(t.seller);
  const deal = await s.crm.createDeal({ title: `Сделка ${number}`, newClient: { kind: "person", name: `Клиент ${number}` } });
  const p = await s.crm.addPolicy({
    dealId: deal.id, insurerId: t.insurer.ingos, productId: t.product.ingosKasko, number, startDate: addDays(0), endDate: addDays(364),
    premium: 1_000_000, commission: { mode: "rate" },
    installments: [{ dueDate: addDays(10), amount: 500_000 }, { dueDate: addDays(100), amount: 500_000 }],
  });
  const policy = (await s.crm.deal({ dealId: deal.id })).policies[0]!;
  return { dealId: deal.id, policyId: p.id, policy };
}

function editInput(p: Awaited<ReturnType<typeof newPolicy>>["policy"]) {
  return {
    policyId: p.id, insurerId: p.insurer.id, productId: p.product?.id, number: p.number,
    startDate: p.startDate.toISOString().slice(0, 10), endDate: p.endDate.toISOString().slice(0, 10), premium: p.premium,
    commission: { mode: "rate" as const }, expectedExpenses: p.expectedExpenses,
    installments: p.installments.map((i) => ({ id: i.id, dueDate: i.dueDate.toISOString().slice(0, 10), amount: i.amount })),
  };
}

async function auditOf(entityId: string) {
  return withTenant(t.company.id, (tx) => tx.auditLog.findMany({ where: { entityId }, orderBy: { createdAt: "asc" } }));
}

/** The domain events of a deal, as the job runs they enqueued (type = job id, input = event data). */
async function eventsOf(dealId: string) {
  const runs = await withTenant(t.company.id, (tx) => tx.jobRun.findMany({ where: { type: { startsWith: "crm-deal-event" } }, orderBy: { createdAt: "asc" } }));
  return runs.filter((r) => (r.input as { dealId?: string }).dealId === dealId)
    .map((r) => ({ name: r.type, data: r.input as { change?: string } }));
}

describe("editing a policy", () => {
  it("a new premium and schedule recompute the commission, the installments and the review date, with audit and an event", async () => {
    const { dealId, policyId, policy } = await newPolicy("ED-1");
    expect((await t.as(t.seller).crm.deal({ dealId })).reviewDate).toEqual(day(addDays(10)));
    const input = editInput(policy);
    const r = await t.as(t.seller).crm.updatePolicy({
      ...input, premium: 1_200_000,
      installments: [{ ...input.installments[0]!, dueDate: addDays(5), amount: 600_000 }, { dueDate: addDays(200), amount: 600_000 }],
    });
    expect(r.expectedCommission).toBe(180_000);
    expect(r.reviewDate).toEqual(day(addDays(5)));
    const deal = await t.as(t.seller).crm.deal({ dealId });
    const p = deal.policies[0]!;
    expect(p.premium).toBe(1_200_000);
    expect(p.installments.map((i) => [i.dueDate, i.amount])).toEqual([[day(addDays(5)), 600_000], [day(addDays(200)), 600_000]]);
    expect(p.installments[0]!.id).toBe(input.installments[0]!.id);
    expect(deal.reviewDate).toEqual(day(addDays(5)));
    const audit = (await auditOf(policyId)).find((a) => a.action === "crm.policy.updated")!;
    const changes = audit.changes as Record<string, { from: unknown; to: unknown }>;
    expect(changes.premium).toEqual({ from: 1_000_000, to: 1_200_000 });
    expect(changes.expectedCommission).toEqual({ from: 150_000, to: 180_000 });
    expect(changes.installments).toBeDefined();
    expect(changes.number).toBeUndefined();
    const events = await eventsOf(dealId);
    expect(events.map((e) => e.data.change)).toContain("policy.updated");
  });

  it("refuses bad numbers with clear Russian errors and saves nothing", async () => {
    const { dealId, policy } = await newPolicy("ED-2");
    const s = t.as(t.seller);
    const input = editInput(policy);
    await expect(s.crm.updatePolicy({ ...input, premium: -5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(s.crm.updatePolicy({ ...input, premium: 10 ** 13 })).rejects.toThrow("Слишком большая сумма");
    await expect(s.crm.updatePolicy({ ...input, endDate: addDays(-1) })).rejects.toThrow("Дата окончания полиса раньше даты начала");
    await expect(s.crm.updatePolicy({ ...input, premium: 900_000 })).rejects.toThrow(/Сумма взносов \(10 000,00 ₽\) превышает премию \(9 000,00 ₽\)/);
    await expect(s.crm.updatePolicy({ ...input, installments: [] })).rejects.toThrow("В графике должен быть хотя бы один взнос");
    await expect(s.crm.updatePolicy({ ...input, commission: { mode: "manual", amount: 2_000_000 } })).rejects.toThrow("Комиссия не может превышать премию");
    const foreign = (await newPolicy("ED-2b")).policy.installments[0]!.id;
    await expect(s.crm.updatePolicy({ ...input, installments: [{ id: foreign, dueDate: addDays(10), amount: 100 }] })).rejects.toThrow("Взнос не относится к этому полису");
    const after = (await s.crm.deal({ dealId })).policies[0]!;
    expect(after.premium).toBe(1_000_000);
    expect(after.installments.map((i) => i.amount)).toEqual([500_000, 500_000]);
  });

  it("a duplicate number at the same insurer is a conflict", async () => {
    await newPolicy("ED-3a");
    const { policy } = await newPolicy("ED-3b");
    await expect(t.as(t.seller).crm.updatePolicy({ ...editInput(policy), number: "ED-3a" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a paid installment can't be removed or cut below the paid sum until its payment is undone", async () => {
    const { dealId, policy } = await newPolicy("ED-4");
    const s = t.as(t.seller);
    const [first, second] = policy.installments;
    const pay = await s.crm.recordPayment({ installmentId: first!.id, amount: 200_000, paidOn: addDays(0) });
    const input = editInput(policy);
    await expect(s.crm.updatePolicy({ ...input, installments: [input.installments[1]!] })).rejects.toThrow(/оплачен \(2 000,00 ₽\): удалить его можно только после отмены оплаты/);
    await expect(s.crm.updatePolicy({ ...input, installments: [{ ...input.installments[0]!, amount: 100_000 }, input.installments[1]!] })).rejects.toThrow(/меньше уже оплаченной/);
    // Cutting it down to exactly the paid sum makes it paid; the review date moves to the second installment.
    const r = await s.crm.updatePolicy({ ...input, installments: [{ ...input.installments[0]!, amount: 200_000 }, input.installments[1]!] });
    expect(r.reviewDate).toEqual(day(addDays(100)));
    let p = (await s.crm.deal({ dealId })).policies[0]!;
    expect(p.installments[0]!.status).toBe("paid");
    // Removing the unpaid one is fine; the paid one goes after undoing its payment.
    await s.crm.deletePayment({ paymentId: pay.id });
    p = (await s.crm.deal({ dealId })).policies[0]!;
    expect(p.installments[0]!.paidAmount).toBe(0);
    await s.crm.updatePolicy({ ...editInput(p), installments: [{ id: second!.id, dueDate: addDays(100), amount: 500_000 }] });
    p = (await s.crm.deal({ dealId })).policies[0]!;
    expect(p.installments.map((i) => i.id)).toEqual([second!.id]);
  });
});

describe("deleting a policy", () => {
  it("refuses while payments or incomes exist, then deletes with audit and an event; the review date follows", async () => {
    const { dealId, policyId, policy } = await newPolicy("DEL-1");
    const s = t.as(t.seller);
    const pay = await s.crm.recordPayment({ installmentId: policy.installments[0]!.id, amount: 100_000, paidOn: addDays(0) });
    await expect(s.crm.deletePolicy({ policyId })).rejects.toThrow("По полису внесены оплаты на 1 000,00 ₽: сначала отмените их");
    await s.crm.deletePayment({ paymentId: pay.id });
    const income = await s.crm.recordIncome({ policyId, kind: "commission", amount: 50_000, date: addDays(0) });
    await expect(s.crm.deletePolicy({ policyId })).rejects.toThrow("По полису внесены доходы или расходы: сначала удалите их");
    await s.crm.deleteIncome({ id: income.id });
    const r = await s.crm.deletePolicy({ policyId });
    expect(r.reviewDate).toBeNull();
    const deal = await s.crm.deal({ dealId });
    expect(deal.policies).toEqual([]);
    expect(deal.reviewDate).toBeNull();
    const audit = (await auditOf(policyId)).find((a) => a.action === "crm.policy.deleted")!;
    expect((audit.changes as { before: { number: string } }).before.number).toBe("DEL-1");
    expect((await eventsOf(dealId)).map((e) => e.data.change)).toContain("policy.deleted");
  });
});

describe("payments, incomes and expenses", () => {
  it("a payment is corrected (never above the installment) and undone; the installment and the review date follow", async () => {
    const { dealId, policy } = await newPolicy("PAY-1");
    const s = t.as(t.seller);
    const inst = policy.installments[0]!;
    const pay = await s.crm.recordPayment({ installmentId: inst.id, amount: 100_000, paidOn: addDays(0) });
    await expect(s.crm.updatePayment({ paymentId: pay.id, amount: 600_000, paidOn: addDays(0) })).rejects.toThrow("Оплата превышает остаток взноса (5 000,00 ₽)");
    await expect(s.crm.updatePayment({ paymentId: pay.id, amount: 0, paidOn: addDays(0) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const r = await s.crm.updatePayment({ paymentId: pay.id, amount: 500_000, paidOn: addDays(1) });
    expect(r.paidAmount).toBe(500_000);
    expect(r.reviewDate).toEqual(day(addDays(100)));
    let i = (await s.crm.deal({ dealId })).policies[0]!.installments[0]!;
    expect(i.status).toBe("paid");
    const d = await s.crm.deletePayment({ paymentId: pay.id });
    expect(d.reviewDate).toEqual(day(addDays(10)));
    i = (await s.crm.deal({ dealId })).policies[0]!.installments[0]!;
    expect([i.paidAmount, i.status]).toEqual([0, "due"]);
    const audit = (await auditOf(inst.id)).map((a) => a.action);
    expect(audit).toEqual(["crm.payment.recorded", "crm.payment.updated", "crm.payment.deleted"]);
    expect((await eventsOf(dealId)).map((e) => e.data.change)).toEqual(expect.arrayContaining(["payment.updated", "payment.deleted"]));
  });

  it("an income and an expense are corrected with before/after and their events", async () => {
    const { dealId, policyId } = await newPolicy("MON-1");
    const s = t.as(t.executor);
    await t.as(t.seller).crm.createTask({ dealId, type: "other", title: "Проверить", assigneeId: t.executor.user.id });
    const inc = await s.crm.recordIncome({ policyId, kind: "commission", amount: 100_000, date: addDays(0) });
    const exp = await s.crm.recordExpense({ policyId, kind: "agent", amount: 20_000, date: addDays(0) });
    await expect(s.crm.updateIncome({ id: inc.id, kind: "commission", amount: 5_000_000, date: addDays(0) })).rejects.toThrow("Сумма больше премии полиса");
    await expect(s.crm.updateIncome({ id: inc.id, kind: "bogus", amount: 1, date: addDays(0) })).rejects.toThrow("Неизвестный вид операции");
    await expect(s.crm.updateExpense({ id: exp.id, kind: "agent", amount: -1, date: addDays(0) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await s.crm.updateIncome({ id: inc.id, kind: "commission", amount: 150_000, date: addDays(1), note: "доплата" });
    await s.crm.updateExpense({ id: exp.id, kind: "discount", amount: 20_000, date: addDays(0) });
    const f = (await s.crm.deal({ dealId })).finance;
    expect([f.receivedCommission, f.paidExpenses]).toEqual([150_000, 20_000]);
    const incAudit = (await auditOf(inc.id)).find((a) => a.action === "crm.income.updated")!;
    expect(incAudit.changes).toMatchObject({ amount: { from: 100_000, to: 150_000 }, note: { from: null, to: "доплата" } });
    const expAudit = (await auditOf(exp.id)).find((a) => a.action === "crm.expense.updated")!;
    expect(expAudit.changes).toMatchObject({ kind: { from: "agent", to: "discount" } });
    expect(expAudit.changes).not.toHaveProperty("amount");
    const names = (await eventsOf(dealId)).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["crm-deal-event-income-updated", "crm-deal-event-expense-updated"]));
  });
});

describe("the background reaction", () => {
  it("an income corrected by someone else notifies the seller once per correction", async () => {
    const { dealId, policyId } = await newPolicy("EVT-1");
    const base = { companyId: t.company.id, dealId, policyId, recordId: "00000000-0000-4000-8000-00000000000a", kind: "commission", amount: 150_000, actorId: t.manager.user.id };
    const ev = (changeId: string) => ({ name: "crm/deal.payment.income.updated", data: { ...base, changeId } });
    expect((await handleDealEvent(ev("00000000-0000-4000-8000-000000000001"))).notified).toBe(1);
    expect((await handleDealEvent(ev("00000000-0000-4000-8000-000000000001"))).notified).toBe(0);
    expect((await handleDealEvent(ev("00000000-0000-4000-8000-000000000002"))).notified).toBe(1);
    const titles = await withTenant(t.company.id, (tx) => tx.crmNotification.findMany({ where: { userId: t.seller.user.id, dealId }, select: { title: true } }));
    expect(titles.map((x) => x.title)).toEqual(["Изменён доход: 1 500,00 ₽", "Изменён доход: 1 500,00 ₽"]);
  });
});

describe("roles and tenancy", () => {
  it("another seller, an outside executor and a viewer can't edit or delete; a manager can", async () => {
    const { policyId, policy } = await newPolicy("ROLE-1");
    const pay = await t.as(t.seller).crm.recordPayment({ installmentId: policy.installments[0]!.id, amount: 1_000, paidOn: addDays(0) });
    const inc = await t.as(t.seller).crm.recordIncome({ policyId, kind: "commission", amount: 1_000, date: addDays(0) });
    const input = editInput(policy);
    for (const who of [t.seller2, t.executor2]) {
      const c = t.as(who);
      await expect(c.crm.updatePolicy({ ...input, premium: 1_100_000 })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(c.crm.deletePolicy({ policyId })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(c.crm.updatePayment({ paymentId: pay.id, amount: 2_000, paidOn: addDays(0) })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(c.crm.deletePayment({ paymentId: pay.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(c.crm.updateIncome({ id: inc.id, kind: "commission", amount: 2_000, date: addDays(0) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(t.as(t.seller2).crm.updatePolicy({ ...input, premium: 1_100_000 })).rejects.toThrow("Это сделка другого продавца");
    await expect(t.as(t.viewer).crm.updatePolicy({ ...input, premium: 1_100_000 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const r = await t.as(t.manager).crm.updatePolicy({ ...input, premium: 1_100_000, installments: [input.installments[0]!, { ...input.installments[1]!, amount: 600_000 }] });
    expect(r.changed).toContain("premium");
  });

  it("another company sees none of it: not found for every edit", async () => {
    const { policyId, policy } = await newPolicy("TEN-1");
    const pay = await t.as(t.seller).crm.recordPayment({ installmentId: policy.installments[0]!.id, amount: 1_000, paidOn: addDays(0) });
    const exp = await t.as(t.seller).crm.recordExpense({ policyId, kind: "agent", amount: 1_000, date: addDays(0) });
    const o = other.as(other.owner);
    const input = { ...editInput(policy), insurerId: other.insurer.ingos, productId: other.product.ingosKasko };
    await expect(o.crm.updatePolicy(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(o.crm.deletePolicy({ policyId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(o.crm.updatePayment({ paymentId: pay.id, amount: 1, paidOn: addDays(0) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(o.crm.deletePayment({ paymentId: pay.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(o.crm.updateExpense({ id: exp.id, kind: "agent", amount: 1, date: addDays(0) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const still = await withTenant(t.company.id, (tx) => tx.crmPolicy.findFirstOrThrow({ where: { id: policyId }, include: { installments: true } }));
    expect(Number(still.premium)).toBe(1_000_000);
    expect(still.installments.reduce((s, i) => s + Number(i.paidAmount), 0)).toBe(1_000);
  });
});
