import { withTenant, UUID_RE } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { companyCards, isLinkActive, linkSides, sideOf } from "./link-access";

/**
 * «Включить связь»: a company enters its partner's company id and switches the link on from its side.
 * The link becomes active only when the partner has done the same (mutual confirmation). A revoked link
 * starts over: both sides confirm again.
 */
export async function enableLink(opts: { companyId: string; actor: TActor; partnerCompanyId: string }) {
  const partnerId = opts.partnerCompanyId.trim().toLowerCase();
  if (!UUID_RE.test(partnerId)) {
    throw new AppError("BAD_REQUEST", "Введите ID компании-партнёра (формат 8-4-4-4-12)", { fieldErrors: { partnerCompanyId: "Неверный формат ID" } });
  }
  if (partnerId === opts.companyId) {
    throw new AppError("BAD_REQUEST", "Нельзя связать компанию саму с собой", { fieldErrors: { partnerCompanyId: "Это ID вашей компании" } });
  }
  const partner = (await companyCards([partnerId])).get(partnerId);
  if (!partner || !partner.modules.includes("automations")) {
    throw new AppError("NOT_FOUND", "Компания с таким ID не найдена или у неё не подключён модуль автоматизаций", { fieldErrors: { partnerCompanyId: "Компания не найдена" } });
  }
  const sides = linkSides(opts.companyId, partnerId);
  const result = await withTenant(opts.companyId, async (tx) => {
    const existing = await tx.companyLink.findUnique({ where: { companyAId_companyBId: sides } });
    const side = sideOf(sides, opts.companyId);
    const now = new Date();
    const mine = side === "a"
      ? { aEnabled: true, aEnabledById: opts.actor.userId, aEnabledAt: now }
      : { bEnabled: true, bEnabledById: opts.actor.userId, bEnabledAt: now };
    let link;
    if (!existing) {
      link = await tx.companyLink.create({ data: { ...sides, ...mine, status: "pending", createdByCompanyId: opts.companyId } });
    } else if (existing.status === "revoked") {
      const reset = { aEnabled: false, bEnabled: false, aEnabledById: null, bEnabledById: null, aEnabledAt: null, bEnabledAt: null };
      link = await tx.companyLink.update({
        where: { id: existing.id },
        data: { ...reset, ...mine, status: "pending", statusChangedAt: now, statusChangedById: opts.actor.userId, statusChangedBy: opts.actor.name, statusCompanyId: opts.companyId },
      });
    } else {
      link = await tx.companyLink.update({ where: { id: existing.id }, data: mine });
    }
    if (link.status === "pending" && link.aEnabled && link.bEnabled) {
      link = await tx.companyLink.update({ where: { id: link.id }, data: { status: "active", statusChangedAt: now, statusChangedById: opts.actor.userId, statusChangedBy: opts.actor.name, statusCompanyId: opts.companyId } });
    }
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "automations.link_enabled", entity: "CompanyLink", entityId: link.id,
      changes: { partner: partner.name, partnerCompanyId: partnerId, status: link.status },
    });
    return link;
  });
  // The partner's audit log learns about it too (its own tenant transaction).
  await withTenant(partnerId, (tx) => writeAudit(tx, partnerId, opts.actor, {
    action: "automations.link_enabled_by_partner", entity: "CompanyLink", entityId: result.id,
    changes: { partnerCompanyId: opts.companyId, status: result.status },
  }));
  return { id: result.id, status: result.status, active: isLinkActive(result) };
}
