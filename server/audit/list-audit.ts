import { withTenant, Prisma } from "../db";

export type TAuditFilter = {
  actorId?: string;
  action?: string;
  entity?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
};

export async function listAudit(opts: { companyId: string } & TAuditFilter) {
  const where: Prisma.AuditLogWhereInput = {
    ...(opts.actorId ? { actorId: opts.actorId } : {}),
    ...(opts.action ? { action: { startsWith: opts.action } } : {}),
    ...(opts.entity ? { entity: opts.entity } : {}),
    ...(opts.from || opts.to ? { createdAt: { ...(opts.from ? { gte: opts.from } : {}), ...(opts.to ? { lte: opts.to } : {}) } } : {}),
  };
  return withTenant(opts.companyId, async (tx) => {
    const [items, total, actions, entities] = await Promise.all([
      tx.auditLog.findMany({ where, orderBy: { createdAt: "desc" }, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize }),
      tx.auditLog.count({ where }),
      tx.auditLog.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
      tx.auditLog.findMany({ distinct: ["entity"], select: { entity: true }, orderBy: { entity: "asc" } }),
    ]);
    return { items, total, actions: actions.map((a) => a.action), entities: entities.map((e) => e.entity) };
  });
}
