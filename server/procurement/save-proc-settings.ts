import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { ensureProcSettings } from "./settings";

export type TProcSettingsInput = {
  legalName: string; inn: string; kpp: string; address: string; phone: string; email: string; bankDetails: string;
  rfqSubject: string; rfqBody: string; rfqTimeoutHours: number; rfqReminderHours: number | null;
  offerValidityDays: number; defaultMarkupPct: number; vatRatePct: number;
};

const FIELDS = [
  "legalName", "inn", "kpp", "address", "phone", "email", "bankDetails", "rfqSubject", "rfqBody", "rfqTimeoutHours", "rfqReminderHours",
  "offerValidityDays", "defaultMarkupPct", "vatRatePct",
] as const;

/** The procurement settings form: requisites for the КП, the RFQ template, timeouts, markup and VAT. */
export async function getProcSettings(opts: { companyId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const s = await ensureProcSettings(tx, opts.companyId);
    return { ...Object.fromEntries(FIELDS.map((f) => [f, s[f]])), defaultMarkupPct: Number(s.defaultMarkupPct), vatRatePct: Number(s.vatRatePct) } as TProcSettingsInput;
  });
}

export async function saveProcSettings(opts: { companyId: string; actor: TActor; data: TProcSettingsInput }) {
  return withTenant(opts.companyId, async (tx) => {
    const before = await ensureProcSettings(tx, opts.companyId);
    await tx.procSettings.update({ where: { companyId: opts.companyId }, data: opts.data });
    const changed = FIELDS.filter((f) => String(before[f] ?? "") !== String(opts.data[f] ?? ""));
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "procurement.settings.updated",
      entity: "ProcSettings",
      entityId: before.id,
      changes: Object.fromEntries(changed.map((f) => [f, { from: before[f]?.toString() ?? null, to: opts.data[f] }])),
    });
    return { changed: changed.length };
  });
}
