/**
 * Clients and suppliers of the procurement desk: list with search, create/update, delete (audited).
 */
import { withTenant, Prisma } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";

type TPage = { page: number; pageSize: number };

export async function listClients(opts: { companyId: string; search?: string | null } & TPage) {
  const q = opts.search?.trim();
  const where: Prisma.ProcClientWhereInput = q
    ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { email: { contains: q, mode: "insensitive" } }, { inn: { contains: q } }, { phone: { contains: q } }] }
    : {};
  return withTenant(opts.companyId, async (tx) => {
    const [total, rows] = await Promise.all([
      tx.procClient.count({ where }),
      tx.procClient.findMany({ where, orderBy: { name: "asc" }, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize, include: { _count: { select: { orders: true } } } }),
    ]);
    return { total, rows };
  });
}

export type TClientInput = { name: string; email?: string | null; phone?: string | null; inn?: string | null; notes?: string | null };

function uniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function saveClient(opts: { companyId: string; actor: TActor; id?: string | null; data: TClientInput }) {
  const data = { ...opts.data, email: opts.data.email?.trim().toLowerCase() || null };
  try {
    return await withTenant(opts.companyId, async (tx) => {
      const before = opts.id ? await tx.procClient.findUnique({ where: { id: opts.id } }) : null;
      if (opts.id && !before) throw new AppError("NOT_FOUND", "Клиент не найден");
      const row = before
        ? await tx.procClient.update({ where: { id: before.id }, data })
        : await tx.procClient.create({ data: { ...data, companyId: opts.companyId } });
      await writeAudit(tx, opts.companyId, opts.actor, {
        action: before ? "procurement.client.updated" : "procurement.client.created", entity: "ProcClient", entityId: row.id, changes: { before, after: data },
      });
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error)) throw new AppError("CONFLICT", "Клиент с таким email уже есть");
    throw error;
  }
}

export async function deleteClient(opts: { companyId: string; actor: TActor; id: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const row = await tx.procClient.findUnique({ where: { id: opts.id } });
    if (!row) throw new AppError("NOT_FOUND", "Клиент не найден");
    await tx.procClient.delete({ where: { id: row.id } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "procurement.client.deleted", entity: "ProcClient", entityId: row.id, changes: { name: row.name, email: row.email } });
    return { ok: true };
  });
}

export async function listSuppliers(opts: { companyId: string; search?: string | null; brand?: string | null; category?: string | null } & TPage) {
  const q = opts.search?.trim();
  const where: Prisma.ProcSupplierWhereInput = {
    ...(q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { email: { contains: q, mode: "insensitive" } }, { notes: { contains: q, mode: "insensitive" } }] } : {}),
    ...(opts.brand ? { brands: { has: opts.brand } } : {}),
    ...(opts.category ? { categories: { has: opts.category } } : {}),
  };
  return withTenant(opts.companyId, async (tx) => {
    const [total, rows, facets] = await Promise.all([
      tx.procSupplier.count({ where }),
      tx.procSupplier.findMany({ where, orderBy: { name: "asc" }, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize, include: { _count: { select: { rfqs: true, quotes: true } } } }),
      tx.procSupplier.findMany({ select: { brands: true, categories: true }, take: 2000 }),
    ]);
    const brands = [...new Set(facets.flatMap((f) => f.brands))].sort((a, b) => a.localeCompare(b, "ru"));
    const categories = [...new Set(facets.flatMap((f) => f.categories))].sort((a, b) => a.localeCompare(b, "ru"));
    return { total, rows, brands, categories };
  });
}

export type TSupplierInput = { name: string; email: string; phone?: string | null; categories: string[]; brands: string[]; notes?: string | null; active: boolean };

export async function saveSupplier(opts: { companyId: string; actor: TActor; id?: string | null; data: TSupplierInput }) {
  const clean = (list: string[]) => [...new Set(list.map((s) => s.trim()).filter(Boolean))];
  const data = { ...opts.data, email: opts.data.email.trim().toLowerCase(), categories: clean(opts.data.categories), brands: clean(opts.data.brands) };
  try {
    return await withTenant(opts.companyId, async (tx) => {
      const before = opts.id ? await tx.procSupplier.findUnique({ where: { id: opts.id } }) : null;
      if (opts.id && !before) throw new AppError("NOT_FOUND", "Поставщик не найден");
      const row = before
        ? await tx.procSupplier.update({ where: { id: before.id }, data })
        : await tx.procSupplier.create({ data: { ...data, companyId: opts.companyId } });
      await writeAudit(tx, opts.companyId, opts.actor, {
        action: before ? "procurement.supplier.updated" : "procurement.supplier.created", entity: "ProcSupplier", entityId: row.id, changes: { before, after: data },
      });
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error)) throw new AppError("CONFLICT", "Поставщик с таким email уже есть");
    throw error;
  }
}

export async function deleteSupplier(opts: { companyId: string; actor: TActor; id: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const row = await tx.procSupplier.findUnique({ where: { id: opts.id }, include: { _count: { select: { rfqs: true } } } });
    if (!row) throw new AppError("NOT_FOUND", "Поставщик не найден");
    if (row._count.rfqs > 0) throw new AppError("CONFLICT", "У поставщика есть запросы цен: отключите его вместо удаления");
    await tx.procSupplier.delete({ where: { id: row.id } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "procurement.supplier.deleted", entity: "ProcSupplier", entityId: row.id, changes: { name: row.name, email: row.email } });
    return { ok: true };
  });
}
