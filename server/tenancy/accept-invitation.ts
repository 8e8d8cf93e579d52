import { withSystem, type TTx } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { hashPassword } from "../auth/passwords";
import { hashInvitationToken } from "./invite-member";

async function findUsable(tx: TTx, token: string) {
  const inv = await tx.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { company: { select: { name: true } } },
  });
  if (!inv || inv.revokedAt) throw new AppError("NOT_FOUND", "Приглашение не найдено или отозвано");
  if (inv.acceptedAt) throw new AppError("CONFLICT", "Приглашение уже использовано. Войдите со своим паролем.");
  if (inv.expiresAt.getTime() < Date.now()) {
    throw new AppError("PRECONDITION_FAILED", "Срок действия приглашения истёк. Попросите администратора прислать новое.");
  }
  return inv;
}

/** System operation (the invitee has no session yet): what the invitation page shows. */
export async function getInvitation(token: string) {
  return withSystem(async (tx) => {
    const inv = await findUsable(tx, token);
    const existing = await tx.user.findUnique({ where: { email: inv.email }, select: { id: true } });
    return { email: inv.email, name: inv.name, role: inv.role, companyName: inv.company.name, expiresAt: inv.expiresAt, hasAccount: !!existing };
  });
}

/** Creates the account (or reuses an existing one) and the membership; the invitation can be used once. */
export async function acceptInvitation(opts: { token: string; name: string; password?: string; ip?: string | null }) {
  return withSystem(async (tx) => {
    const inv = await findUsable(tx, opts.token);
    let user = await tx.user.findUnique({ where: { email: inv.email } });
    if (!user) {
      if (!opts.password) throw new AppError("BAD_REQUEST", "Задайте пароль");
      user = await tx.user.create({ data: { email: inv.email, name: opts.name.trim() || inv.name, passwordHash: await hashPassword(opts.password) } });
    }
    const existing = await tx.membership.findUnique({ where: { companyId_userId: { companyId: inv.companyId, userId: user.id } } });
    if (existing) await tx.membership.update({ where: { id: existing.id }, data: { active: true, role: inv.role } });
    else await tx.membership.create({ data: { companyId: inv.companyId, userId: user.id, role: inv.role } });
    await tx.invitation.update({ where: { id: inv.id }, data: { acceptedAt: new Date() } });
    await writeAudit(tx, inv.companyId, { userId: user.id, name: user.name, ip: opts.ip }, {
      action: "invitation.accepted", entity: "Invitation", entityId: inv.id, changes: { email: inv.email, role: inv.role },
    });
    return { email: user.email };
  });
}
