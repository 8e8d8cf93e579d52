import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { ensureEndpoint } from "./endpoint";

export const QUOTA_LIMITS = { maxRules: 200, maxRunsPerDay: 100_000 } as const;

/**
 * The company's automation quotas, set by its admin: rules per company and rule runs per day (counted over
 * the last 24 hours; runs over it fail with «Превышена квота запусков»). Audited with the old and new values.
 */
export async function setAutomationQuotas(opts: { companyId: string; actor: TActor; maxRules: number; maxRunsPerDay: number }) {
  return withTenant(opts.companyId, async (tx) => {
    const endpoint = await ensureEndpoint(tx, opts.companyId);
    const changes: Record<string, { from: number; to: number }> = {};
    if (endpoint.maxRules !== opts.maxRules) changes.maxRules = { from: endpoint.maxRules, to: opts.maxRules };
    if (endpoint.maxRunsPerDay !== opts.maxRunsPerDay) changes.maxRunsPerDay = { from: endpoint.maxRunsPerDay, to: opts.maxRunsPerDay };
    if (Object.keys(changes).length > 0) {
      await tx.automationEndpoint.update({ where: { id: endpoint.id }, data: { maxRules: opts.maxRules, maxRunsPerDay: opts.maxRunsPerDay } });
      await writeAudit(tx, opts.companyId, opts.actor, { action: "automations.quotas_changed", entity: "AutomationEndpoint", entityId: endpoint.id, changes });
    }
    return { maxRules: opts.maxRules, maxRunsPerDay: opts.maxRunsPerDay };
  });
}
