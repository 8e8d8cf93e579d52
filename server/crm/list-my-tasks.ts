import { withTenant, type Prisma } from "../db";
import { actorId, type TCrmAccess } from "./access";

/** «Мои задачи»: tasks assigned to the member, open ones first, by due date. */
export async function listMyTasks(opts: TCrmAccess & { status: "open" | "done" | "all"; page: number; pageSize: number }) {
  return withTenant(opts.companyId, async (tx) => {
    const where: Prisma.CrmTaskWhereInput = { assigneeId: actorId(opts), ...(opts.status === "all" ? {} : { status: opts.status }) };
    const total = await tx.crmTask.count({ where });
    const rows = await tx.crmTask.findMany({
        where, orderBy: [{ status: "asc" }, { dueDate: { sort: "asc", nulls: "last" } }, { createdAt: "desc" }],
        skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize,
        include: { deal: { select: { id: true, title: true, client: { select: { name: true } }, seller: { select: { name: true } } } } },
      });
    return {
      total,
      items: rows.map((t) => ({
        id: t.id, type: t.type, title: t.title, status: t.status, dueDate: t.dueDate, createdAt: t.createdAt,
        deal: { id: t.deal.id, title: t.deal.title, clientName: t.deal.client.name, sellerName: t.deal.seller.name },
      })),
    };
  });
}
