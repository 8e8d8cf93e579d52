import { Prisma, withTenant } from "../db";
import { AppError } from "../errors";
import { canEditDeal, canSeeDeal, seesAllDeals, type TCrmAccess } from "./access";
import type { TDealStage } from "./labels";
import { num, todayUtc } from "./money";

type TJsonClient = {
  id: string; companyId: string; kind: "person" | "company"; name: string; inn: string | null; phone: string | null; email: string | null;
  contactPerson: string | null; notes: string | null; createdById: string | null; createdAt: string; updatedAt: string;
};
type TRef = { id: string; name: string };
type TJsonDeal = {
  id: string; title: string; description: string | null; stage: TDealStage; sellerId: string; createdAt: string; updatedAt: string;
  reviewDate: string | null; reviewDateAuto: string | null; reviewDateManual: string | null; reviewDateReason: string | null;
  client: TJsonClient; seller: TRef & { email: string };
  participants: (TRef & { email: string })[];
  journal: { id: string; authorName: string; text: string; createdAt: string }[];
  documents: { id: string; name: string; size: number; mimeType: string; uploadedByName: string; createdAt: string; updatedAt: string }[];
  tasks: {
    id: string; type: "calculation" | "issuing" | "other"; title: string; description: string | null; assignee: TRef; dueDate: string | null;
    status: "open" | "done" | "cancelled"; calculationId: string | null; completedAt: string | null; createdAt: string;
  }[];
  calculations: {
    id: string; insurer: TRef; product: TRef | null; premium: number; sumInsured: number; deductible: number; conditions: string | null;
    validUntil: string | null; documentId: string | null; chosen: boolean; taskId: string | null; createdAt: string;
  }[];
  policies: {
    id: string; number: string; insurer: TRef; product: TRef | null; startDate: string; endDate: string; premium: number;
    commissionRateBp: number | null; expectedCommission: number; commissionManual: boolean; expectedExpenses: number;
    documentId: string | null; calculationId: string | null;
    installments: { id: string; dueDate: string; amount: number; paidAmount: number; paidAt: string | null; payments: { id: string; amount: number; paidOn: string }[] }[];
    incomes: { id: string; kind: string; amount: number; receivedOn: string; note: string | null }[];
    expenses: { id: string; kind: string; amount: number; paidOn: string; note: string | null }[];
  }[];
};

/** A `timestamp(3)` from JSON (written without a zone, stored as UTC like Prisma does). */
const ts = (s: string) => new Date(`${s}Z`);
/** A `date` from JSON (YYYY-MM-DD). */
const day = (s: string) => new Date(`${s}T00:00:00Z`);
const dayOrNull = (s: string | null) => (s === null ? null : day(s));

/**
 * The whole deal page as one JSON document built by PostgreSQL: one round trip instead of one query per relation
 * (~20 with Prisma's includes). Each list is read through its (companyId, dealId …) index; every subquery is scoped to
 * the tenant like the rest (RLS on). The member's visibility is checked on the result (access.ts).
 */
function dealDocumentSql(companyId: string, dealId: string) {
  const c = Prisma.sql`${companyId}::uuid`;
  return Prisma.sql`
    SELECT json_build_object(
      'id', d.id, 'title', d.title, 'description', d.description, 'stage', d.stage, 'sellerId', d."sellerId",
      'createdAt', d."createdAt", 'updatedAt', d."updatedAt", 'reviewDate', d."reviewDate", 'reviewDateAuto', d."reviewDateAuto",
      'reviewDateManual', d."reviewDateManual", 'reviewDateReason', d."reviewDateReason",
      'client', (SELECT row_to_json(cl) FROM "CrmClient" cl WHERE cl.id = d."clientId" AND cl."companyId" = ${c}),
      'seller', (SELECT json_build_object('id', u.id, 'name', u.name, 'email', u.email) FROM "User" u WHERE u.id = d."sellerId"),
      'participants', (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email) ORDER BY p."createdAt"), '[]')
                         FROM "CrmDealParticipant" p JOIN "User" u ON u.id = p."userId" WHERE p."companyId" = ${c} AND p."dealId" = d.id),
      'journal', (SELECT coalesce(json_agg(j ORDER BY j."createdAt" DESC), '[]') FROM (
                    SELECT id, "authorName", text, "createdAt" FROM "CrmJournalEntry"
                     WHERE "companyId" = ${c} AND "dealId" = d.id ORDER BY "createdAt" DESC LIMIT 200) j),
      'documents', (SELECT coalesce(json_agg(json_build_object('id', x.id, 'name', x.name, 'size', x.size, 'mimeType', x."mimeType",
                      'uploadedByName', x."uploadedByName", 'createdAt', x."createdAt", 'updatedAt', x."updatedAt") ORDER BY x."createdAt" DESC), '[]')
                      FROM "CrmDocument" x WHERE x."companyId" = ${c} AND x."dealId" = d.id),
      'tasks', (SELECT coalesce(json_agg(json_build_object('id', t.id, 'type', t.type, 'title', t.title, 'description', t.description,
                  'assignee', json_build_object('id', u.id, 'name', u.name), 'dueDate', t."dueDate", 'status', t.status,
                  'calculationId', t."calculationId", 'completedAt', t."completedAt", 'createdAt', t."createdAt") ORDER BY t."createdAt" DESC), '[]')
                  FROM "CrmTask" t JOIN "User" u ON u.id = t."assigneeId" WHERE t."companyId" = ${c} AND t."dealId" = d.id),
      'calculations', (SELECT coalesce(json_agg(json_build_object('id', k.id, 'insurer', json_build_object('id', i.id, 'name', i.name),
                         'product', CASE WHEN pr.id IS NULL THEN NULL ELSE json_build_object('id', pr.id, 'name', pr.name) END,
                         'premium', k.premium, 'sumInsured', k."sumInsured", 'deductible', k.deductible, 'conditions', k.conditions,
                         'validUntil', k."validUntil", 'documentId', k."documentId", 'chosen', k.chosen, 'taskId', k."taskId",
                         'createdAt', k."createdAt") ORDER BY k."createdAt"), '[]')
                         FROM "CrmCalculation" k JOIN "CrmInsurer" i ON i.id = k."insurerId" LEFT JOIN "CrmProduct" pr ON pr.id = k."productId"
                        WHERE k."companyId" = ${c} AND k."dealId" = d.id),
      'policies', (SELECT coalesce(json_agg(json_build_object('id', p.id, 'number', p.number,
                     'insurer', json_build_object('id', i.id, 'name', i.name),
                     'product', CASE WHEN pr.id IS NULL THEN NULL ELSE json_build_object('id', pr.id, 'name', pr.name) END,
                     'startDate', p."startDate", 'endDate', p."endDate", 'premium', p.premium, 'commissionRateBp', p."commissionRateBp",
                     'expectedCommission', p."expectedCommission", 'commissionManual', p."commissionManual",
                     'expectedExpenses', p."expectedExpenses", 'documentId', p."documentId", 'calculationId', p."calculationId",
                     'installments', (SELECT coalesce(json_agg(json_build_object('id', n.id, 'dueDate', n."dueDate", 'amount', n.amount,
                                        'paidAmount', n."paidAmount", 'paidAt', n."paidAt",
                                        'payments', (SELECT coalesce(json_agg(json_build_object('id', y.id, 'amount', y.amount, 'paidOn', y."paidOn") ORDER BY y."paidOn"), '[]')
                                                       FROM "CrmPayment" y WHERE y."companyId" = ${c} AND y."installmentId" = n.id)
                                      ) ORDER BY n."dueDate"), '[]')
                                        FROM "CrmInstallment" n WHERE n."companyId" = ${c} AND n."policyId" = p.id),
                     'incomes', (SELECT coalesce(json_agg(json_build_object('id', x.id, 'kind', x.kind, 'amount', x.amount, 'receivedOn', x."receivedOn",
                                   'note', x.note) ORDER BY x."receivedOn"), '[]') FROM "CrmIncome" x WHERE x."companyId" = ${c} AND x."policyId" = p.id),
                     'expenses', (SELECT coalesce(json_agg(json_build_object('id', x.id, 'kind', x.kind, 'amount', x.amount, 'paidOn', x."paidOn",
                                    'note', x.note) ORDER BY x."paidOn"), '[]') FROM "CrmExpense" x WHERE x."companyId" = ${c} AND x."policyId" = p.id)
                   ) ORDER BY p."startDate"), '[]')
                     FROM "CrmPolicy" p JOIN "CrmInsurer" i ON i.id = p."insurerId" LEFT JOIN "CrmProduct" pr ON pr.id = p."productId"
                    WHERE p."companyId" = ${c} AND p."dealId" = d.id)
    )::text AS doc
    FROM "CrmDeal" d WHERE d."companyId" = ${c} AND d.id = ${dealId}::uuid`;
}

/** Everything the deal page shows, for a member who may see the deal. */
export async function getDeal(opts: TCrmAccess & { dealId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const [row] = await tx.$queryRaw<{ doc: string }[]>(dealDocumentSql(opts.companyId, opts.dealId));
    const raw = row ? JSON.parse(row.doc) as TJsonDeal : null;
    const ref = raw ? { id: raw.id, sellerId: raw.sellerId, participants: raw.participants.map((p) => ({ userId: p.id })) } : null;
    if (!raw || !ref || !canSeeDeal(opts, ref)) throw new AppError("NOT_FOUND", "Сделка не найдена");
    const d = {
      ...raw, createdAt: ts(raw.createdAt), updatedAt: ts(raw.updatedAt), reviewDate: dayOrNull(raw.reviewDate),
      reviewDateAuto: dayOrNull(raw.reviewDateAuto), reviewDateManual: dayOrNull(raw.reviewDateManual),
      client: { ...raw.client, createdAt: ts(raw.client.createdAt), updatedAt: ts(raw.client.updatedAt) },
    };
    const today = todayUtc().getTime();
    const policies = d.policies.map((p) => {
      const installments = p.installments.map((i) => {
        const amount = num(i.amount);
        const paid = num(i.paidAmount);
        return {
          id: i.id, dueDate: day(i.dueDate), amount, paidAmount: paid, paidAt: dayOrNull(i.paidAt),
          status: paid >= amount ? "paid" as const : day(i.dueDate).getTime() < today ? "overdue" as const : paid > 0 ? "partial" as const : "due" as const,
          payments: i.payments.map((x) => ({ id: x.id, amount: num(x.amount), paidOn: day(x.paidOn) })),
        };
      });
      const incomes = p.incomes.map((x) => ({ id: x.id, kind: x.kind, amount: num(x.amount), receivedOn: day(x.receivedOn), note: x.note }));
      const expenses = p.expenses.map((x) => ({ id: x.id, kind: x.kind, amount: num(x.amount), paidOn: day(x.paidOn), note: x.note }));
      const receivedCommission = incomes.filter((x) => x.kind === "commission").reduce((s, x) => s + x.amount, 0);
      const otherIncome = incomes.filter((x) => x.kind !== "commission").reduce((s, x) => s + x.amount, 0);
      const paidExpenses = expenses.reduce((s, x) => s + x.amount, 0);
      return {
        id: p.id, number: p.number, insurer: p.insurer, product: p.product, startDate: day(p.startDate), endDate: day(p.endDate),
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
      client: d.client, seller: d.seller, participants: d.participants,
      canEdit: canEditDeal(opts, ref), canManage: seesAllDeals(opts.role) || d.sellerId === opts.actor.userId,
      journal: d.journal.map((j) => ({ id: j.id, authorName: j.authorName, text: j.text, createdAt: ts(j.createdAt) })),
      documents: d.documents.map((x) => ({ id: x.id, name: x.name, size: x.size, mimeType: x.mimeType, uploadedByName: x.uploadedByName, createdAt: ts(x.createdAt), updatedAt: ts(x.updatedAt) })),
      tasks: d.tasks.map((t) => ({ id: t.id, type: t.type, title: t.title, description: t.description, assignee: t.assignee, dueDate: dayOrNull(t.dueDate), status: t.status, calculationId: t.calculationId, completedAt: t.completedAt === null ? null : ts(t.completedAt), createdAt: ts(t.createdAt) })),
      calculations: d.calculations.map((c) => ({
        id: c.id, insurer: c.insurer, product: c.product, premium: num(c.premium), sumInsured: num(c.sumInsured), deductible: num(c.deductible),
        conditions: c.conditions, validUntil: dayOrNull(c.validUntil), documentId: c.documentId, chosen: c.chosen, taskId: c.taskId, createdAt: ts(c.createdAt),
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
