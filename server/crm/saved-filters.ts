/**
 * Saved filters of the deals table: a named set of filter values (seller, executor, stage, insurer, review-date
 * range, search, sort), per user and company. The author may share one with the whole company; others only
 * pick it (renaming, changing and deleting stay with the author; owners and admins may delete a shared one).
 * Applying a filter goes through the usual deals list, so visibility never depends on what was saved.
 */
import { z } from "zod";
import { Prisma, withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { actorId, type TCrmAccess } from "./access";
import { DEAL_STAGES } from "./labels";
import { ZDay } from "./money";

const MAX_PER_USER = 50;
const ZOptId = z.union([z.literal(""), z.string().uuid("Некорректный идентификатор")]).default("");

/** The filter values as the deals table keeps them (empty string = not set). */
export const ZSavedFilterState = z.object({
  search: z.string().max(200, "Слишком длинный поиск").default(""),
  stage: z.union([z.literal(""), z.enum(DEAL_STAGES)]).default(""),
  sellerId: ZOptId,
  executorId: ZOptId,
  insurerId: ZOptId,
  reviewFrom: z.union([z.literal(""), ZDay]).default(""),
  reviewTo: z.union([z.literal(""), ZDay]).default(""),
  sort: z.enum(["updatedAt", "reviewDate", "title"]).default("updatedAt"),
});
export type TSavedFilterState = z.infer<typeof ZSavedFilterState>;

const ZName = z.string().trim().min(1, "Введите название фильтра").max(80, "Название — не длиннее 80 символов");

export const ZSaveFilterInput = z.object({
  /** Absent: a new filter; present: rename / overwrite / share one of the member's own. */
  id: z.string().uuid().optional(),
  name: ZName,
  filters: ZSavedFilterState.optional(),
  shared: z.boolean().optional(),
});
export const ZDeleteSavedFilterInput = z.object({ id: z.string().uuid() });

export async function listSavedFilters(a: TCrmAccess) {
  const uid = actorId(a);
  return withTenant(a.companyId, async (tx) => {
    const rows = await tx.crmSavedFilter.findMany({
      where: { OR: [{ userId: uid }, { shared: true }] },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, name: true, filters: true, shared: true, userId: true, updatedAt: true, user: { select: { name: true } } },
    });
    return rows.map((r) => ({
      id: r.id, name: r.name, shared: r.shared, mine: r.userId === uid, authorName: r.user.name, updatedAt: r.updatedAt,
      filters: ZSavedFilterState.catch(ZSavedFilterState.parse({})).parse(r.filters),
    }));
  });
}

export async function saveFilter(a: TCrmAccess & z.infer<typeof ZSaveFilterInput>) {
  const uid = actorId(a);
  return withTenant(a.companyId, async (tx) => {
    const clash = await tx.crmSavedFilter.findFirst({ where: { userId: uid, name: a.name, ...(a.id ? { id: { not: a.id } } : {}) }, select: { id: true } });
    if (clash) throw new AppError("CONFLICT", `Фильтр «${a.name}» уже есть: выберите другое название`);
    if (!a.id) {
      if (!a.filters) throw new AppError("BAD_REQUEST", "Нет значений фильтра для сохранения");
      if ((await tx.crmSavedFilter.count({ where: { userId: uid } })) >= MAX_PER_USER) {
        throw new AppError("BAD_REQUEST", `Можно сохранить не больше ${MAX_PER_USER} фильтров: удалите ненужные`);
      }
      const row = await tx.crmSavedFilter.create({
        data: { companyId: a.companyId, userId: uid, name: a.name, filters: a.filters as Prisma.InputJsonValue, shared: a.shared ?? false },
      });
      await writeAudit(tx, a.companyId, a.actor, { action: "crm.saved_filter.created", entity: "CrmSavedFilter", entityId: row.id,
        changes: { name: row.name, shared: row.shared, filters: a.filters } });
      return { id: row.id };
    }
    const before = await tx.crmSavedFilter.findFirst({ where: { id: a.id } });
    if (!before || (before.userId !== uid && !before.shared)) throw new AppError("NOT_FOUND", "Фильтр не найден");
    if (before.userId !== uid) throw new AppError("FORBIDDEN", "Изменять фильтр может только его автор");
    const data = { name: a.name, ...(a.filters ? { filters: a.filters as Prisma.InputJsonValue } : {}), ...(a.shared !== undefined ? { shared: a.shared } : {}) };
    await tx.crmSavedFilter.update({ where: { id: before.id }, data });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (before.name !== a.name) changes.name = { from: before.name, to: a.name };
    if (a.shared !== undefined && before.shared !== a.shared) changes.shared = { from: before.shared, to: a.shared };
    if (a.filters) changes.filters = { from: before.filters, to: a.filters };
    await writeAudit(tx, a.companyId, a.actor, { action: "crm.saved_filter.updated", entity: "CrmSavedFilter", entityId: before.id, changes });
    return { id: before.id };
  });
}

export async function deleteSavedFilter(a: TCrmAccess & z.infer<typeof ZDeleteSavedFilterInput>) {
  const uid = actorId(a);
  return withTenant(a.companyId, async (tx) => {
    const row = await tx.crmSavedFilter.findFirst({ where: { id: a.id } });
    if (!row || (row.userId !== uid && !row.shared)) throw new AppError("NOT_FOUND", "Фильтр не найден");
    if (row.userId !== uid && !["owner", "admin"].includes(a.role)) throw new AppError("FORBIDDEN", "Удалить чужой фильтр могут только владелец или администратор");
    await tx.crmSavedFilter.delete({ where: { id: row.id } });
    await writeAudit(tx, a.companyId, a.actor, { action: "crm.saved_filter.deleted", entity: "CrmSavedFilter", entityId: row.id,
      changes: { name: row.name, shared: row.shared, filters: row.filters } });
    return { ok: true as const };
  });
}
