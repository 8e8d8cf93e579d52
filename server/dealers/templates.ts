import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { moyskladFor } from "../automations/moysklad-port";
import { DEALER_TRIGGERS, triggerDef } from "./triggers";
import { renderTemplate, SAMPLE_DOCUMENT, templateValues } from "./render-template";

/** Templates per trigger (the default Russian text when the company has not changed it). */
export async function listTemplates(opts: { companyId: string }) {
  const rows = await withTenant(opts.companyId, (tx) => tx.dealerTemplate.findMany());
  return DEALER_TRIGGERS.map((t) => {
    const row = rows.find((r) => r.trigger === t.id);
    return { trigger: t.id, label: t.label, text: row?.text ?? t.defaultText, enabled: row?.enabled ?? true, custom: Boolean(row) };
  });
}

export async function saveTemplate(opts: { companyId: string; actor: TActor; trigger: string; text: string; enabled: boolean }) {
  if (!triggerDef(opts.trigger)) throw new AppError("BAD_REQUEST", "Неизвестный триггер");
  await withTenant(opts.companyId, async (tx) => {
    await tx.dealerTemplate.upsert({
      where: { companyId_trigger: { companyId: opts.companyId, trigger: opts.trigger } },
      create: { companyId: opts.companyId, trigger: opts.trigger, text: opts.text, enabled: opts.enabled },
      update: { text: opts.text, enabled: opts.enabled },
    });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "dealers.template_saved", entity: "DealerTemplate", changes: { trigger: opts.trigger, enabled: opts.enabled } });
  });
  return { ok: true };
}

/**
 * Preview on a real document: the latest one of the trigger's type from the company's MoySklad (with its
 * counterparty and positions), or a built-in sample when MoySklad is not connected.
 */
export async function previewTemplate(opts: { companyId: string; trigger: string; text: string }) {
  const def = triggerDef(opts.trigger);
  if (!def) throw new AppError("BAD_REQUEST", "Неизвестный триггер");
  let doc: Record<string, unknown> = { ...SAMPLE_DOCUMENT, meta: { type: def.entityType } };
  let sample = "пример";
  try {
    const ms = await moyskladFor(opts.companyId);
    const page = await ms.client.listPages({ entity: def.entityType, limit: 1, order: "moment,desc", expand: "agent,positions.assortment" }).next();
    const row = page.value?.rows[0];
    if (row) {
      doc = row as Record<string, unknown>;
      sample = `${def.label.toLowerCase()}: документ № ${String(row.name ?? "")} из МойСклад`;
    }
  } catch {
    // MoySklad not configured or unreachable: the built-in sample.
  }
  return { text: renderTemplate(opts.text, templateValues(doc, { dealerName: "Иван Дилеров" })), sample };
}
