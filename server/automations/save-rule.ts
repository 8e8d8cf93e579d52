import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { Prisma } from "../db";
import { ensureEndpoint } from "./endpoint";
import { isLinkActive, partnerOf } from "./link-access";
import type { TFilter } from "./mapping";
import { syncWebhooks } from "./sync-webhooks";

export type TRuleInput = {
  name: string;
  linkId: string;
  sourceEvent: string;
  action: string;
  mapping: Record<string, unknown>;
  filters: TFilter[];
  idempotencyTemplate: string;
};

/**
 * Creates or edits a rule of the company (the source is always the owner; the target is the partner of an
 * ACTIVE link). Quota: at most `maxRules` rules per company. Subscribes MoySklad webhooks afterwards.
 */
export async function saveRule(opts: { companyId: string; actor: TActor; id?: string | null } & TRuleInput) {
  if (!opts.idempotencyTemplate.includes("{{")) {
    throw new AppError("BAD_REQUEST", "Ключ идемпотентности должен зависеть от события, например {{event.type}}:{{event.id}}", { fieldErrors: { idempotencyTemplate: "Добавьте {{event.id}}" } });
  }
  const row = await withTenant(opts.companyId, async (tx) => {
    const link = await tx.companyLink.findUnique({ where: { id: opts.linkId } });
    if (!link) throw new AppError("NOT_FOUND", "Связь не найдена", { fieldErrors: { linkId: "Выберите связь" } });
    if (!isLinkActive(link)) throw new AppError("PRECONDITION_FAILED", "Связь не активна: правило можно создать только для подтверждённой обеими сторонами связи", { fieldErrors: { linkId: "Связь не активна" } });
    const endpoint = await ensureEndpoint(tx, opts.companyId);
    const data = {
      name: opts.name.trim(),
      linkId: link.id,
      sourceCompanyId: opts.companyId,
      targetCompanyId: partnerOf(link, opts.companyId),
      sourceEvent: opts.sourceEvent,
      action: opts.action,
      mapping: opts.mapping as Prisma.InputJsonValue,
      filters: opts.filters as unknown as Prisma.InputJsonValue,
      idempotencyTemplate: opts.idempotencyTemplate.trim(),
    };
    if (opts.id) {
      const before = await tx.automationRule.findUnique({ where: { id: opts.id } });
      if (!before) throw new AppError("NOT_FOUND", "Правило не найдено");
      const updated = await tx.automationRule.update({ where: { id: opts.id }, data });
      await writeAudit(tx, opts.companyId, opts.actor, { action: "automations.rule_updated", entity: "AutomationRule", entityId: updated.id, changes: { before: { name: before.name, sourceEvent: before.sourceEvent, action: before.action, mapping: before.mapping, filters: before.filters, idempotencyTemplate: before.idempotencyTemplate }, after: data } });
      return updated;
    }
    const count = await tx.automationRule.count();
    if (count >= endpoint.maxRules) throw new AppError("TOO_MANY_REQUESTS", `Достигнута квота правил: не более ${endpoint.maxRules} на компанию`);
    const created = await tx.automationRule.create({ data: { companyId: opts.companyId, createdById: opts.actor.userId, ...data } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "automations.rule_created", entity: "AutomationRule", entityId: created.id, changes: data });
    return created;
  });
  const sync = await syncWebhooks({ companyId: opts.companyId });
  return { id: row.id, webhookError: sync.error };
}

export async function setRulePaused(opts: { companyId: string; actor: TActor; id: string; paused: boolean }) {
  await withTenant(opts.companyId, async (tx) => {
    const rule = await tx.automationRule.findUnique({ where: { id: opts.id } });
    if (!rule) throw new AppError("NOT_FOUND", "Правило не найдено");
    await tx.automationRule.update({ where: { id: rule.id }, data: { paused: opts.paused } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: opts.paused ? "automations.rule_paused" : "automations.rule_resumed", entity: "AutomationRule", entityId: rule.id, changes: { name: rule.name } });
  });
  const sync = await syncWebhooks({ companyId: opts.companyId });
  return { ok: true, webhookError: sync.error };
}

export async function deleteRule(opts: { companyId: string; actor: TActor; id: string }) {
  await withTenant(opts.companyId, async (tx) => {
    const rule = await tx.automationRule.findUnique({ where: { id: opts.id } });
    if (!rule) throw new AppError("NOT_FOUND", "Правило не найдено");
    await tx.automationRule.delete({ where: { id: rule.id } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "automations.rule_deleted", entity: "AutomationRule", entityId: rule.id, changes: { name: rule.name } });
  });
  await syncWebhooks({ companyId: opts.companyId });
  return { ok: true };
}
