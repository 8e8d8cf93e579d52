/**
 * CRM demo data for «Ромашка» (idempotent: skipped once the company has deals). Uses the demo users
 * seller@demo.pult (Сергей Продавец) and executor@demo.pult (Елена Исполнитель) from seed.ts, and goes through
 * the domain functions, so the data is exactly what the app itself would write (audit, review dates, events).
 */
import { withSystem } from "../server/db";
import { ensureJobQueueSchema } from "../server/jobs/queue-schema";
import type { TCrmAccess } from "../server/crm/access";
import { saveInsurer, listInsurers } from "../server/crm/save-insurer";
import { createDeal } from "../server/crm/create-deal";
import { addJournalEntry } from "../server/crm/add-journal-entry";
import { createTask } from "../server/crm/create-task";
import { completeTask } from "../server/crm/complete-task";
import { addCalculation, chooseCalculation } from "../server/crm/add-calculation";
import { addPolicy } from "../server/crm/add-policy";
import { recordMoney, recordPayment } from "../server/crm/record-payment";

function day(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)).toISOString().slice(0, 10);
}

export async function seedDemoCrm(companyId: string): Promise<{ deals: number }> {
  const existing = await withSystem((tx) => tx.crmDeal.count({ where: { companyId } }));
  if (existing > 0) return { deals: 0 };
  await ensureJobQueueSchema();
  const users = await withSystem((tx) => tx.user.findMany({ where: { email: { in: ["owner@demo.pult", "seller@demo.pult", "executor@demo.pult"] } } }));
  const by = (email: string) => users.find((u) => u.email === email)!;
  const as = (email: string, role: TCrmAccess["role"]): TCrmAccess => ({ companyId, role, actor: { userId: by(email).id, name: by(email).name } });
  const owner = as("owner@demo.pult", "owner");
  const seller = as("seller@demo.pult", "seller");
  const executor = as("executor@demo.pult", "executor");

  await saveInsurer({ ...owner, name: "Ингосстрах", products: [{ name: "КАСКО", commissionRateBp: 1500 }, { name: "ОСАГО", commissionRateBp: 1000 }, { name: "Страхование квартиры", commissionRateBp: 2500 }] });
  await saveInsurer({ ...owner, name: "РЕСО-Гарантия", products: [{ name: "КАСКО", commissionRateBp: 1200 }, { name: "ОСАГО", commissionRateBp: 800 }] });
  await saveInsurer({ ...owner, name: "АльфаСтрахование", products: [{ name: "КАСКО", commissionRateBp: 1400 }, { name: "ДМС", commissionRateBp: 1000 }] });
  const insurers = await listInsurers({ companyId });
  const pick = (insurer: string, product: string) => {
    const i = insurers.find((x) => x.name === insurer)!;
    return { insurerId: i.id, productId: i.products.find((p) => p.name === product)!.id };
  };

  // 1. A fresh deal waiting for the executor's calculation.
  const d1 = await createDeal({ ...seller, deal: { title: "КАСКО Kia Rio 2023", newClient: { kind: "person", name: "Петров Алексей Николаевич", phone: "+7 916 123-45-67" } } });
  await addJournalEntry({ ...seller, dealId: d1.id, text: "Клиент продлевает КАСКО, прошлый год без убытков. Просит сравнить 3 компании." });
  await createTask({ ...seller, dealId: d1.id, type: "calculation", title: "Рассчитать КАСКО Kia Rio", assigneeId: executor.actor.userId!, dueDate: day(2) });

  // 2. Options calculated, the client is choosing.
  const d2 = await createDeal({ ...seller, deal: { title: "Страхование квартиры на Ленина", newClient: { kind: "person", name: "Смирнова Ольга Петровна", email: "smirnova@example.ru" } } });
  const t2 = await createTask({ ...seller, dealId: d2.id, type: "calculation", title: "Расчёт ИФЛ", assigneeId: executor.actor.userId! });
  await addCalculation({ ...executor, dealId: d2.id, taskId: t2.id, ...pick("Ингосстрах", "Страхование квартиры"), premium: 1_250_000, sumInsured: 800_000_000, deductible: 0, conditions: "Отделка и движимое имущество", validUntil: day(20) });
  await addCalculation({ ...executor, dealId: d2.id, taskId: t2.id, insurerId: pick("РЕСО-Гарантия", "КАСКО").insurerId, premium: 1_100_000, sumInsured: 700_000_000, deductible: 1_000_000, conditions: "Только конструктив и отделка" });
  await completeTask({ ...executor, taskId: t2.id, status: "done" });

  // 3. A policy with two installments: the first paid, commission received.
  const d3 = await createDeal({ ...seller, deal: { title: "ОСАГО автопарк ООО «Вектор»", newClient: { kind: "company", name: "ООО «Вектор»", inn: "7707083893", contactPerson: "Иван Сергеевич" } } });
  const t3 = await createTask({ ...seller, dealId: d3.id, type: "calculation", title: "Расчёт ОСАГО на 5 машин", assigneeId: executor.actor.userId! });
  const c3 = await addCalculation({ ...executor, dealId: d3.id, taskId: t3.id, ...pick("Ингосстрах", "ОСАГО"), premium: 6_400_000, sumInsured: 40_000_000, deductible: 0 });
  await completeTask({ ...executor, taskId: t3.id, status: "done" });
  await chooseCalculation({ ...seller, calculationId: c3.id });
  await createTask({ ...seller, dealId: d3.id, type: "issuing", title: "Оформить ОСАГО Ингосстрах", assigneeId: executor.actor.userId!, calculationId: c3.id });
  const p3 = await addPolicy({
    ...executor, dealId: d3.id, calculationId: c3.id, ...pick("Ингосстрах", "ОСАГО"), number: "ХХХ 0123456789",
    startDate: day(-40), endDate: day(324), premium: 6_400_000, commission: { mode: "rate" }, expectedExpenses: 150_000,
    installments: [{ dueDate: day(-40), amount: 3_200_000 }, { dueDate: day(140), amount: 3_200_000 }],
  });
  const policy = await withSystem((tx) => tx.crmInstallment.findMany({ where: { policyId: p3.id }, orderBy: { dueDate: "asc" } }));
  await recordPayment({ ...seller, installmentId: policy[0]!.id, amount: 3_200_000, paidOn: day(-39) });
  await recordMoney({ ...seller, direction: "income", policyId: p3.id, kind: "commission", amount: 320_000, date: day(-20) });
  await recordMoney({ ...seller, direction: "expense", policyId: p3.id, kind: "agent", amount: 150_000, date: day(-18) });

  // 4. An overdue installment (highlighted), partially paid.
  const d4 = await createDeal({ ...seller, deal: { title: "ДМС сотрудников ИП Козлов", newClient: { kind: "company", name: "ИП Козлов Д. А.", inn: "500100732259" } } });
  const p4 = await addPolicy({
    ...seller, dealId: d4.id, ...pick("АльфаСтрахование", "ДМС"), number: "ДМС-77-001", startDate: day(-100), endDate: day(265),
    premium: 24_000_000, commission: { mode: "manual", amount: 2_000_000 }, expectedExpenses: 0, installments: [
      { dueDate: day(-100), amount: 6_000_000 }, { dueDate: day(-10), amount: 6_000_000 }, { dueDate: day(80), amount: 6_000_000 }, { dueDate: day(170), amount: 6_000_000 },
    ],
  });
  const inst4 = await withSystem((tx) => tx.crmInstallment.findMany({ where: { policyId: p4.id }, orderBy: { dueDate: "asc" } }));
  await recordPayment({ ...seller, installmentId: inst4[0]!.id, amount: 6_000_000, paidOn: day(-99) });
  await recordPayment({ ...seller, installmentId: inst4[1]!.id, amount: 2_500_000, paidOn: day(-8) });
  return { deals: 4 };
}
