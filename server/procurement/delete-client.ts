/** Deletes a client (its orders stay, unlinked); audited. */
import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";

export async function deleteClient(opts: { companyId: string; actor: TActor; id: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const row = await tx.procClient.findUnique({ where: { id: opts.id } });
    if (!row) throw new AppError("NOT_FOUND", "Клиент не найден");
    await tx.procClient.delete({ where: { id: row.id } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "procurement.client.deleted", entity: "ProcClient", entityId: row.id, changes: { name: row.name, email: row.email } });
    return { ok: true };
  });
}
