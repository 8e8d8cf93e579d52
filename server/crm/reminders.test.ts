/** Scheduled reminders: installment due in N days, policy ending in 30/14/7 days, review date reached — each once; preferences respected. */
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../db";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";
import { addDays } from "./test-dates";
import { sendCompanyReminders } from "./send-reminders";

let t: Awaited<ReturnType<typeof crmCompany>>;
let other: Awaited<ReturnType<typeof crmCompany>>;
let dealId: string;

const kinds = async (companyId: string, userId: string) =>
  (await withSystem((tx) => tx.crmNotification.findMany({ where: { companyId, userId, kind: { in: ["installment.due", "policy.ending", "review.reached"] } }, orderBy: { seq: "asc" } })))
    .map((n) => n.kind).sort();

beforeAll(async () => {
  await ensureJobQueueSchema();
  t = await crmCompany("Напоминания");
  other = await crmCompany("Другая");
  const s = t.as(t.seller);
  dealId = (await s.crm.createDeal({ title: "КАСКО Лада", newClient: { kind: "person", name: "Анна" } })).id;
  await s.crm.createTask({ dealId, type: "other", title: "Проверить", assigneeId: t.executor.user.id });
  // Installment due in 2 days (within the default 3), another in 10 days; the policy ends in 12 days.
  await s.crm.addPolicy({
    dealId, insurerId: t.insurer.ingos, number: "R-1", startDate: addDays(-353), endDate: addDays(12), premium: 2_000_000,
    commission: { mode: "manual", amount: 100_000 }, expectedExpenses: 0,
    installments: [{ dueDate: addDays(2), amount: 1_000_000 }, { dueDate: addDays(10), amount: 1_000_000 }],
  });
  const o = other.as(other.seller);
  const od = (await o.crm.createDeal({ title: "Чужая", newClient: { kind: "person", name: "Борис" } })).id;
  await o.crm.addPolicy({ dealId: od, insurerId: other.insurer.ingos, number: "X-1", startDate: addDays(-300), endDate: addDays(5), premium: 1_000_000,
    commission: { mode: "manual", amount: 0 }, expectedExpenses: 0, installments: [{ dueDate: addDays(1), amount: 1_000_000 }] });
});

describe("reminders", () => {
  it("notifies the seller and participants once, however often the job runs", async () => {
    const first = await sendCompanyReminders(t.company.id);
    // seller + executor × (installment due in 2 days, policy ending within 14 days); the review date (in 2 days) is not reached yet.
    expect(first.created).toBe(4);
    expect(await kinds(t.company.id, t.seller.user.id)).toEqual(["installment.due", "policy.ending"]);
    expect(await kinds(t.company.id, t.executor.user.id)).toEqual(["installment.due", "policy.ending"]);
    expect((await sendCompanyReminders(t.company.id)).created).toBe(0);
    // Another company's policies and members are untouched.
    expect(await kinds(other.company.id, other.seller.user.id)).toEqual([]);
  });

  it("the next threshold and a reached review date notify again; a longer lead time reaches the next installment", async () => {
    const later = new Date(Date.now() + 6 * 86_400_000); // policy ends in 6 days → the 7-day reminder; review date passed
    const r = await sendCompanyReminders(t.company.id, later);
    expect(r.created).toBe(4);
    expect(await kinds(t.company.id, t.seller.user.id)).toEqual(["installment.due", "policy.ending", "policy.ending", "review.reached"]);
    const rows = await withSystem((tx) => tx.crmNotification.findMany({ where: { companyId: t.company.id, userId: t.seller.user.id, kind: "policy.ending" } }));
    expect(rows.map((x) => x.idempotencyKey.split(":").at(-1)).sort()).toEqual(["14", "7"]);
    await t.as(t.owner).crm.saveNotificationSettings({ disabledKinds: [], installmentDueDays: 14 });
    await sendCompanyReminders(t.company.id);
    const due = await withSystem((tx) => tx.crmNotification.count({ where: { companyId: t.company.id, userId: t.seller.user.id, kind: "installment.due" } }));
    expect(due).toBe(2);
  });

  it("respects a member's preferences; only owners and admins change the lead time", async () => {
    await t.as(t.executor2).crm.saveNotificationSettings({ disabledKinds: ["installment.due", "policy.ending", "review.reached"] });
    expect((await t.as(t.executor2).crm.notificationSettings()).disabledKinds).toEqual(["installment.due", "policy.ending", "review.reached"]);
    await t.as(t.seller).crm.createTask({ dealId, type: "other", title: "Ещё", assigneeId: t.executor2.user.id });
    await sendCompanyReminders(t.company.id);
    expect(await kinds(t.company.id, t.executor2.user.id)).toEqual([]);
    await expect(t.as(t.seller).crm.saveNotificationSettings({ disabledKinds: [], installmentDueDays: 5 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(t.as(t.owner).crm.saveNotificationSettings({ disabledKinds: [], installmentDueDays: 0 })).rejects.toThrow("Не меньше 1 дня");
  });
});
