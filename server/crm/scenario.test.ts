/** The seed's §5 story through the API, with the bad inputs around it. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, withTenant } from "../db";
import { resetEnvCache } from "../env";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";
import { uploadDocument } from "./upload-document";
import { openDocumentForDownload } from "./manage-documents";
import { addDays } from "./test-dates";

let t: Awaited<ReturnType<typeof crmCompany>>;

beforeAll(async () => {
  process.env.CRM_STORAGE_DIR = mkdtempSync(path.join(os.tmpdir(), "pult-crm-files-"));
  resetEnvCache();
  await ensureJobQueueSchema();
  t = await crmCompany();
});

const access = (m: { user: { id: string; name: string } }, role: "seller" | "executor" | "manager") => ({ companyId: t.company.id, role, actor: { userId: m.user.id, name: m.user.name } });

async function notificationsOf(m: { user: { id: string } }) {
  return withTenant(t.company.id, (tx) => tx.crmNotification.findMany({ where: { userId: m.user.id }, orderBy: { seq: "asc" } }));
}

describe("§5: seller and executor from a new deal to a paid policy with commission", () => {
  let dealId: string;
  let calcTaskId: string;
  const calcIds: string[] = [];
  let policyId: string;

  it("1. the seller creates a deal with a new client, uploads a document, writes in the journal, sets a calculation task", async () => {
    const seller = t.as(t.seller);
    const created = await seller.crm.createDeal({ title: "КАСКО Toyota Camry", newClient: { kind: "person", name: "Иванов Иван Иванович", phone: "+7 900 000-00-00" } });
    dealId = created.id;
    const doc = await uploadDocument({ ...access(t.seller, "seller"), dealId, fileName: "паспорт.pdf", data: Buffer.from("%PDF-1.4 test") });
    expect(doc.name).toBe("паспорт.pdf");
    await seller.crm.addJournal({ dealId, text: "Клиент хочет КАСКО без франшизы, бюджет до 90 000 ₽" });
    const task = await seller.crm.createTask({ dealId, type: "calculation", title: "Рассчитать КАСКО", assigneeId: t.executor.user.id, dueDate: addDays(2) });
    calcTaskId = task.id;
    const deal = await seller.crm.deal({ dealId });
    expect(deal.stage).toBe("calculation");
    expect(deal.client.name).toBe("Иванов Иван Иванович");
    expect(deal.documents).toHaveLength(1);
    expect(deal.journal[0]!.text).toContain("без франшизы");
    expect(deal.participants.map((p) => p.id)).toContain(t.executor.user.id);
  });

  it("2. the executor sees the task and the notification, opens the documents, enters two options and completes", async () => {
    const ex = t.as(t.executor);
    const tasks = await ex.crm.myTasks({});
    expect(tasks.items.map((x) => x.id)).toContain(calcTaskId);
    const n = await notificationsOf(t.executor);
    expect(n.map((x) => x.kind)).toEqual(["task.assigned"]);

    const deal = await ex.crm.deal({ dealId });
    const link = await ex.crm.downloadLink({ documentId: deal.documents[0]!.id });
    const token = new URL(link.url, "http://x").searchParams.get("token")!;
    const file = await openDocumentForDownload({ ...access(t.executor, "executor"), documentId: deal.documents[0]!.id, token });
    expect(file.data.toString()).toBe("%PDF-1.4 test");

    await expect(ex.crm.completeTask({ taskId: calcTaskId })).rejects.toThrow("Добавьте хотя бы один вариант расчёта");
    calcIds.push((await ex.crm.addCalculation({ dealId, taskId: calcTaskId, insurerId: t.insurer.ingos, productId: t.product.ingosKasko, premium: 8_500_000, sumInsured: 350_000_000, deductible: 0, conditions: "Без франшизы", validUntil: addDays(14) })).id);
    calcIds.push((await ex.crm.addCalculation({ dealId, taskId: calcTaskId, insurerId: t.insurer.reso, productId: t.product.resoKasko, premium: 7_900_000, sumInsured: 350_000_000, deductible: 1_500_000 })).id);
    await ex.crm.completeTask({ taskId: calcTaskId });
    expect((await ex.crm.myTasks({})).items.map((x) => x.id)).not.toContain(calcTaskId);
  });

  it("3. the seller is notified once, and marks the option the client chose", async () => {
    const n = await notificationsOf(t.seller);
    expect(n.filter((x) => x.kind === "calculation.ready")).toHaveLength(1);
    const seller = t.as(t.seller);
    await seller.crm.chooseCalculation({ calculationId: calcIds[0]! });
    await seller.crm.chooseCalculation({ calculationId: calcIds[1]! });
    await seller.crm.chooseCalculation({ calculationId: calcIds[0]! });
    const deal = await seller.crm.deal({ dealId });
    expect(deal.calculations.filter((c) => c.chosen).map((c) => c.id)).toEqual([calcIds[0]]);
    expect(deal.stage).toBe("negotiation");
    const chosen = (await notificationsOf(t.executor)).filter((x) => x.kind === "calculation.chosen");
    // Choosing A, then B, then A again: one notification per option, never twice for the same one.
    expect(chosen).toHaveLength(2);
  });

  it("4–5. an issuing task; the executor adds the policy with installments; expected commission from the rate", async () => {
    const seller = t.as(t.seller);
    await seller.crm.createTask({ dealId, type: "issuing", title: "Оформить полис Ингосстрах", assigneeId: t.executor.user.id, calculationId: calcIds[0] });
    expect((await seller.crm.deal({ dealId })).stage).toBe("issuing");
    const ex = t.as(t.executor);
    const p = await ex.crm.addPolicy({
      dealId, calculationId: calcIds[0], insurerId: t.insurer.ingos, productId: t.product.ingosKasko, number: "AI-123456",
      startDate: addDays(0), endDate: addDays(364), premium: 8_500_000, commission: { mode: "rate" }, expectedExpenses: 200_000,
      installments: [{ dueDate: addDays(0), amount: 4_250_000 }, { dueDate: addDays(180), amount: 4_250_000 }],
    });
    policyId = p.id;
    expect(p.expectedCommission).toBe(1_275_000);
    expect(p.reviewDate).toEqual(new Date(`${addDays(0)}T00:00:00Z`));
  });

  it("6. the review date moves to the next unpaid installment, then to the policy end", async () => {
    const ex = t.as(t.executor);
    let deal = await ex.crm.deal({ dealId });
    const [first, second] = deal.policies[0]!.installments;
    await ex.crm.recordPayment({ installmentId: first!.id, amount: 4_000_000, paidOn: addDays(0) });
    deal = await ex.crm.deal({ dealId });
    expect(deal.policies[0]!.installments[0]!.status).toBe("partial");
    expect(deal.reviewDate).toEqual(new Date(`${addDays(0)}T00:00:00Z`));
    await expect(ex.crm.recordPayment({ installmentId: first!.id, amount: 300_000, paidOn: addDays(0) })).rejects.toThrow("Оплата превышает остаток взноса");
    await ex.crm.recordPayment({ installmentId: first!.id, amount: 250_000, paidOn: addDays(1) });
    deal = await ex.crm.deal({ dealId });
    expect(deal.reviewDate).toEqual(new Date(`${addDays(180)}T00:00:00Z`));
    await ex.crm.recordPayment({ installmentId: second!.id, amount: 4_250_000, paidOn: addDays(2) });
    deal = await ex.crm.deal({ dealId });
    expect(deal.reviewDate).toEqual(new Date(`${addDays(364)}T00:00:00Z`));

    // A manual date needs a reason, is audited, and can be cleared.
    const seller = t.as(t.seller);
    await expect(seller.crm.setReviewDate({ dealId, date: addDays(30) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await seller.crm.setReviewDate({ dealId, date: addDays(30), reason: "Клиент просил позвонить через месяц" });
    expect((await seller.crm.deal({ dealId })).reviewDate).toEqual(new Date(`${addDays(30)}T00:00:00Z`));
    await seller.crm.setReviewDate({ dealId, date: null });
    expect((await seller.crm.deal({ dealId })).reviewDate).toEqual(new Date(`${addDays(364)}T00:00:00Z`));
    const audit = await withSystem((tx) => tx.auditLog.findMany({ where: { companyId: t.company.id, entityId: dealId, action: { startsWith: "crm.deal.review_date" } } }));
    expect(audit.map((a) => a.action).sort()).toEqual(["crm.deal.review_date_cleared", "crm.deal.review_date_set"]);
  });

  it("7. commission and expenses are recorded; the deal shows received vs expected and the margin; events are queued", async () => {
    const seller = t.as(t.seller);
    await seller.crm.recordIncome({ policyId, kind: "commission", amount: 1_275_000, date: addDays(10) });
    await t.as(t.executor).crm.recordExpense({ policyId, kind: "agent", amount: 200_000, date: addDays(11) });
    const deal = await seller.crm.deal({ dealId });
    expect(deal.finance).toMatchObject({ expectedCommission: 1_275_000, receivedCommission: 1_275_000, paidExpenses: 200_000, margin: 1_075_000, expectedMargin: 1_075_000, premium: 8_500_000, paidPremium: 8_500_000 });
    const runs = await withTenant(t.company.id, (tx) => tx.jobRun.findMany({ where: { type: { startsWith: "crm-deal-event" } }, select: { type: true } }));
    const types = runs.map((r) => r.type);
    expect(types).toContain("crm-deal-event-created");
    expect(types.filter((x) => x === "crm-deal-event-payment-updated")).toHaveLength(4);
    expect(types).toContain("crm-deal-event-income-recorded");
    expect(types).toContain("crm-deal-event-expense-recorded");
  });
});

describe("bad input: clear Russian errors, nothing half-saved", () => {
  let dealId: string;
  beforeAll(async () => {
    dealId = (await t.as(t.seller).crm.createDeal({ title: "ОСАГО", newClient: { kind: "company", name: "ООО «Вектор»", inn: "7701234567" } })).id;
  });
  const base = () => ({ dealId, insurerId: t.insurer.ingos, productId: t.product.ingosKasko, number: `N-${Math.random()}`, startDate: addDays(0), endDate: addDays(364), premium: 1_000_000, commission: { mode: "rate" as const } });

  it("refuses negative and absurd amounts", async () => {
    const s = t.as(t.seller);
    await expect(s.crm.addPolicy({ ...base(), premium: -100 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(s.crm.addPolicy({ ...base(), premium: 10 ** 13 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(s.crm.addCalculation({ dealId, insurerId: t.insurer.ingos, premium: 100, sumInsured: 100, deductible: 500 })).rejects.toThrow("Франшиза не может превышать страховую сумму");
  });

  it("refuses an end before the start, and installments above the premium — and saves nothing", async () => {
    const s = t.as(t.seller);
    await expect(s.crm.addPolicy({ ...base(), startDate: addDays(10), endDate: addDays(5) })).rejects.toThrow("Дата окончания полиса раньше даты начала");
    await expect(s.crm.addPolicy({ ...base(), installments: [{ dueDate: addDays(1), amount: 600_000 }, { dueDate: addDays(90), amount: 500_000 }] }))
      .rejects.toThrow(/Сумма взносов \(11 000,00 ₽\) превышает премию \(10 000,00 ₽\)/);
    const policies = await withTenant(t.company.id, (tx) => tx.crmPolicy.count({ where: { dealId } }));
    const installments = await withTenant(t.company.id, (tx) => tx.crmInstallment.count({ where: { dealId } }));
    expect([policies, installments]).toEqual([0, 0]);
  });

  it("a duplicate policy number is a conflict and the first one stays intact", async () => {
    const s = t.as(t.seller);
    const b = base();
    await s.crm.addPolicy(b);
    await expect(s.crm.addPolicy({ ...b, premium: 2_000_000 })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await withTenant(t.company.id, (tx) => tx.crmPolicy.count({ where: { dealId } }))).toBe(1);
  });

  it("a deal needs either an existing client or a new one", async () => {
    await expect(t.as(t.seller).crm.createDeal({ title: "Без клиента" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
