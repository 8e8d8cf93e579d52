/** Suppliers, searched by text and filtered by brand or category, with the brand/category lists. */
import { withTenant, type Prisma } from "../db";

type TPage = { page: number; pageSize: number };

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
