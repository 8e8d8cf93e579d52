import { withTenant } from "../db";
import { canEditDeal, loadVisibleDeal, seesAllDeals, type TCrmAccess } from "./access";
import { num, todayUtc } from "./money";

/** Everything the deal page shows, for a member who may see the deal. */
export async function getDeal(opts: TCrmAccess & { dealId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const ref = await loadVisibleDeal(tx, opts, opts.dealId);
    const d = await tx.crmDeal.findFirstOrThrow({
      where: { id: opts.dealId },
      include: {
        client: true,
        seller: { select: { id: true, name: true, email: true } },
        participants: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { createdAt: "asc" } },
        journal: { orderBy: { createdAt: "desc" }, take: 200 },
        documents: { orderBy: { createdAt: "desc" } },
        tasks: { include: { assignee: { select: { id: true, name: true } } }, orderBy: { createdAt: "desc" } },
        calculations: { include: { insurer: { select: { id: true, name: true } }, product: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
        policies: {
          include: {
            insurer: { select: { id: true, name: true } }, product: { select: { id: true, name: true } },
            installments: { orderBy: { dueDate: "asc" }, include: { payments: { orderBy: { paidOn: "asc" } } } },
            incomes: { orderBy: { receivedOn: "asc" } }, expenses: { orderBy: { paidOn: "asc" } },
          },
          orderBy: { startDate: "asc" },
        },
      },
    });
    const today = todayUtc().getTime();
    const policies = d.policies.map((p) => {
      const installments = p.installments.map((i) => {
        const amount = num(i.amount);
        const paid = num(i.paidAmount);
        return {
          id: i.id, dueDate: i.dueDate, amount, paidAmount: paid, paidAt: i.paidAt,
          status: paid >= amount ? "paid" as const : i.dueDate.getTime() < today ? "overdue" as const : paid > 0 ? "partial" as const : "due" as const,
          payments: i.payments.map((x) => ({ id: x.id, amount: num(x.amount), paidOn: x.paidOn })),
        };
      });
      const incomes = p.incomes.map((x) => ({ id: x.id, kind: x.kind, amount: num(x.amount), receivedOn: x.receivedOn, note: x.note }));
      const expenses = p.expenses.map((x) => ({ id: x.id, kind: x.kind, amount: num(x.amount), paidOn: x.paidOn, note: x.note }));
      const receivedCommission = incomes.filter((x) => x.kind === "commission").reduce((s, x) => s + x.amount, 0);
      const otherIncome = incomes.filter((x) => x.kind !== "commission").reduce((s, x) => s + x.amount, 0);
      const paidExpenses = expenses.reduce((s, x) => s + x.amount, 0);
      return {
        id: p.id, number: p.number, insurer: p.insurer, product: p.product, startDate: p.startDate, endDate: p.endDate,
        premium: num(p.premium), commissionRateBp: p.commissionRateBp, expectedCommission: num(p.expectedCommission),
        commissionManual: p.commissionManual, expectedExpenses: num(p.expectedExpenses), documentId: p.documentId,
        calculationId: p.calculationId, installments, incomes, expenses,
        paidPremium: installments.reduce((s, i) => s + i.paidAmount, 0),
        receivedCommission, otherIncome, paidExpenses, margin: receivedCommission + otherIncome - paidExpenses,
      };
    });
    const sum = (f: (p: (typeof policies)[number]) => number) => policies.reduce((s, p) => s + f(p), 0);
    return {
      id: d.id, title: d.title, description: d.description, stage: d.stage, createdAt: d.createdAt, updatedAt: d.updatedAt,
      reviewDate: d.reviewDate, reviewDateAuto: d.reviewDateAuto, reviewDateManual: d.reviewDateManual, reviewDateReason: d.reviewDateReason,
      client: d.client, seller: d.seller, participants: d.participants.map((p) => p.user),
      canEdit: canEditDeal(opts, ref), canManage: seesAllDeals(opts.role) || d.sellerId === opts.actor.userId,
      journal: d.journal.map((j) => ({ id: j.id, authorName: j.authorName, text: j.text, createdAt: j.createdAt })),
      documents: d.documents.map((x) => ({ id: x.id, name: x.name, size: x.size, mimeType: x.mimeType, uploadedByName: x.uploadedByName, createdAt: x.createdAt, updatedAt: x.updatedAt })),
      tasks: d.tasks.map((t) => ({ id: t.id, type: t.type, title: t.title, description: t.description, assignee: t.assignee, dueDate: t.dueDate, status: t.status, calculationId: t.calculationId, completedAt: t.completedAt, createdAt: t.createdAt })),
      calculations: d.calculations.map((c) => ({
        id: c.id, insurer: c.insurer, product: c.product, premium: num(c.premium), sumInsured: num(c.sumInsured), deductible: num(c.deductible),
        conditions: c.conditions, validUntil: c.validUntil, documentId: c.documentId, chosen: c.chosen, taskId: c.taskId, createdAt: c.createdAt,
      })),
      policies,
      finance: {
        premium: sum((p) => p.premium), paidPremium: sum((p) => p.paidPremium),
        expectedCommission: sum((p) => p.expectedCommission), receivedCommission: sum((p) => p.receivedCommission),
        otherIncome: sum((p) => p.otherIncome), expectedExpenses: sum((p) => p.expectedExpenses), paidExpenses: sum((p) => p.paidExpenses),
        margin: sum((p) => p.margin), expectedMargin: sum((p) => p.expectedCommission - p.expectedExpenses),
      },
    };
  });
}
