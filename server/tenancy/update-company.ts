import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { diffRecords } from "../audit/mask-secrets";
import type { TActor } from "./roles";
import type { TModuleId } from "./modules";

export type TCompanySettings = { name: string; inn: string | null; timezone: string; enabledModules: TModuleId[] };

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("ru-RU", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function getCompany(companyId: string) {
  return withTenant(companyId, async (tx) => {
    const c = await tx.company.findUnique({ where: { id: companyId } });
    if (!c) throw new AppError("NOT_FOUND", "Компания не найдена");
    return { id: c.id, name: c.name, slug: c.slug, inn: c.inn, timezone: c.timezone, enabledModules: c.enabledModules as TModuleId[] };
  });
}

export async function updateCompany(opts: { companyId: string; actor: TActor } & TCompanySettings) {
  if (!isValidTimezone(opts.timezone)) throw new AppError("BAD_REQUEST", `Неизвестный часовой пояс: ${opts.timezone}`);
  return withTenant(opts.companyId, async (tx) => {
    const before = await tx.company.findUnique({ where: { id: opts.companyId } });
    if (!before) throw new AppError("NOT_FOUND", "Компания не найдена");
    const after = await tx.company.update({
      where: { id: opts.companyId },
      data: { name: opts.name.trim(), inn: opts.inn?.trim() || null, timezone: opts.timezone, enabledModules: [...new Set(opts.enabledModules)] },
    });
    const pick = (c: typeof after) => ({ name: c.name, inn: c.inn, timezone: c.timezone, enabledModules: c.enabledModules });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "company.updated", entity: "Company", entityId: opts.companyId, changes: diffRecords(pick(before), pick(after)),
    });
    return pick(after);
  });
}
