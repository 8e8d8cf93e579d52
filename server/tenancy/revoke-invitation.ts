import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "./roles";

export async function revokeInvitation(opts: { companyId: string; actor: TActor; invitationId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const inv = await tx.invitation.findFirst({ where: { id: opts.invitationId, acceptedAt: null, revokedAt: null } });
    if (!inv) throw new AppError("NOT_FOUND", "Приглашение не найдено или уже неактивно");
    await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "invitation.revoked", entity: "Invitation", entityId: inv.id, changes: { email: inv.email } });
  });
}
