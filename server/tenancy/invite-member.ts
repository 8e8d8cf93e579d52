import { createHash, randomBytes } from "node:crypto";
import { withSystem, withTenant } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { generateOneTimePassword, hashPassword } from "../auth/passwords";
import type { TActor, TRole } from "./roles";
import { assertCanGrantRole } from "./assert-can-grant-role";

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type TInviteResult =
  | { method: "link"; invitationId: string; url: string; expiresAt: Date }
  | { method: "password"; userId: string; email: string; oneTimePassword: string };

/**
 * Invites a person into the company, either by a link with an expiry, or by creating the account at once
 * with a one-time password (shown once; the user must change it at first sign-in).
 * An existing user of the platform is simply added to the company.
 */
export async function inviteMember(opts: {
  companyId: string; actor: TActor; actorRole: TRole;
  email: string; name: string; role: TRole; method: "link" | "password";
}): Promise<TInviteResult> {
  assertCanGrantRole(opts.actorRole, opts.role);
  const email = opts.email.trim().toLowerCase();
  const existingUser = await withSystem((tx) => tx.user.findUnique({ where: { email }, select: { id: true } }));

  return withTenant(opts.companyId, async (tx) => {
    if (existingUser) {
      const member = await tx.membership.findFirst({ where: { userId: existingUser.id } });
      if (member) throw new AppError("CONFLICT", member.active ? "Этот пользователь уже состоит в компании" : "Пользователь уже есть в компании, но отключён: включите его в списке");
    }
    if (opts.method === "password" || existingUser) {
      let oneTimePassword = "";
      let userId = existingUser?.id;
      if (!userId) {
        oneTimePassword = generateOneTimePassword();
        const created = await tx.user.create({
          data: { email, name: opts.name.trim(), passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true },
        });
        userId = created.id;
      }
      await tx.membership.create({ data: { companyId: opts.companyId, userId, role: opts.role } });
      await writeAudit(tx, opts.companyId, opts.actor, {
        action: "member.added", entity: "Membership", entityId: userId,
        changes: { email, role: opts.role, method: existingUser ? "existing-user" : "one-time-password" },
      });
      return { method: "password", userId, email, oneTimePassword };
    }
    const pending = await tx.invitation.findFirst({ where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } });
    if (pending) throw new AppError("CONFLICT", "Приглашение на этот email уже отправлено и ещё действует");
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + getEnv().INVITATION_TTL_HOURS * 3600_000);
    const inv = await tx.invitation.create({
      data: {
        companyId: opts.companyId, email, name: opts.name.trim(), role: opts.role,
        tokenHash: hashInvitationToken(token), expiresAt, createdById: opts.actor.userId,
      },
    });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "invitation.created", entity: "Invitation", entityId: inv.id, changes: { email, role: opts.role, expiresAt },
    });
    return { method: "link", invitationId: inv.id, url: `${getEnv().APP_URL}/invite/${token}`, expiresAt };
  });
}
