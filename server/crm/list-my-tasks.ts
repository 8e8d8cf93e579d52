import { Prisma, withTenant } from "../db";
import { actorId, type TCrmAccess } from "./access";

type TRow = {
  id: string; type: "calculation" | "issuing" | "other"; title: string; status: "open" | "done" | "cancelled";
  dueDate: Date | null; createdAt: Date; dealId: string; dealTitle: string; clientName: string; sellerName: string;
};

/**
 * «Мои задачи»: tasks assigned to the member, open ones first, by due date. Two statements: the count and the page
 * (walking "CrmTask_companyId_assigneeId_status_dueDate_createdAt_idx" in its order), the deal, client and seller
 * joined for the page's rows only.
 */
export async function listMyTasks(opts: TCrmAccess & { status: "open" | "done" | "all"; page: number; pageSize: number }) {
  const uid = actorId(opts);
  const cond = Prisma.sql`t."companyId" = ${opts.companyId}::uuid AND t."assigneeId" = ${uid}::uuid${
    opts.status === "all" ? Prisma.empty : Prisma.sql` AND t.status = ${opts.status}::"CrmTaskStatus"`}`;
  const order = Prisma.sql`t.status ASC, t."dueDate" ASC NULLS LAST, t."createdAt" DESC`;
  return withTenant(opts.companyId, async (tx) => {
    const [count] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "CrmTask" t WHERE ${cond}`;
    const rows = await tx.$queryRaw<TRow[]>`
      WITH page AS MATERIALIZED (
        SELECT t.id, t.type, t.title, t.status, t."dueDate", t."createdAt", t."dealId" FROM "CrmTask" t WHERE ${cond}
         ORDER BY ${order} LIMIT ${opts.pageSize} OFFSET ${(opts.page - 1) * opts.pageSize})
      SELECT t.id, t.type::text AS type, t.title, t.status::text AS status, t."dueDate", t."createdAt",
             d.id AS "dealId", d.title AS "dealTitle", c.name AS "clientName", s.name AS "sellerName"
        FROM page t JOIN "CrmDeal" d ON d.id = t."dealId" JOIN "CrmClient" c ON c.id = d."clientId" JOIN "User" s ON s.id = d."sellerId"
       ORDER BY ${order}`;
    return {
      total: count?.n ?? 0,
      items: rows.map((t) => ({
        id: t.id, type: t.type, title: t.title, status: t.status, dueDate: t.dueDate, createdAt: t.createdAt,
        deal: { id: t.dealId, title: t.dealTitle, clientName: t.clientName, sellerName: t.sellerName },
      })),
    };
  });
}
