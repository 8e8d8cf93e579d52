import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { sendEvent } from "../jobs/send-event";
import type { TActor } from "../tenancy/roles";
import type { TIntegrationKind } from "./catalog";

/** «Проверить»: marks the integration as being checked and queues the check job (same transaction). */
export async function requestIntegrationCheck(opts: { companyId: string; actor: TActor; kind: TIntegrationKind }) {
  return withTenant(opts.companyId, async (tx) => {
    const row = await tx.integrationConfig.findUnique({ where: { companyId_kind: { companyId: opts.companyId, kind: opts.kind } } });
    if (!row) throw new AppError("PRECONDITION_FAILED", "Сначала сохраните настройки подключения");
    await tx.integrationConfig.update({ where: { id: row.id }, data: { status: "checking" } });
    const [jobRunId] = await sendEvent(tx, {
      name: "integrations/check.requested",
      data: { companyId: opts.companyId, kind: opts.kind },
      trigger: "manual",
      actor: opts.actor,
    });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "integration.check_requested", entity: "IntegrationConfig", entityId: row.id, changes: { kind: opts.kind } });
    return { jobRunId };
  });
}
