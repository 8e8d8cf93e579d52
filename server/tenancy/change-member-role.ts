import { withTenant, type TTx } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor, TRole } from "./roles";
import { assertCanGrantRole } from "./assert-can-grant-role";

async function loadMember(tx: TTx, membershipId: string) {
  const m = await tx.membership.findFirst({ where: { id: membershipId }, include: { user: { select: { email: true } } } });
  if (!m) throw new AppError("NOT_FOUND", "Пользователь не найден в этой компании");
  return m;
}

/** The company must always keep at least one active owner. */
async function assertNotLastOwner(tx: TTx, membershipId: string, message: string): Promise<void> {
  const owners = await tx.membership.count({ where: { role: "owner", active: true, id: { not: membershipId } } });
  if (owners === 0) throw new AppError("PRECONDITION_FAILED", message);
}

export async function changeMemberRole(opts: { companyId: string; actor: TActor; actorRole: TRole; membershipId: string; role: TRole }) {
  assertCanGrantRole(opts.actorRole, opts.role);
  return withTenant(opts.companyId, async (tx) => {
    const m = await loadMember(tx, opts.membershipId);
    if (m.role === opts.role) return { membershipId: m.id, role: m.role };
    if (m.role === "owner") {
      if (opts.actorRole !== "owner") throw new AppError("FORBIDDEN", "Изменить роль владельца может только владелец");
      if (m.active) await assertNotLastOwner(tx, m.id, "Нельзя понизить последнего владельца: сначала назначьте другого владельца");
    }
    const updated = await tx.membership.update({ where: { id: m.id }, data: { role: opts.role } });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "member.role_changed", entity: "Membership", entityId: m.id,
      changes: { email: m.user.email, role: { from: m.role, to: opts.role } },
    });
    return { membershipId: updated.id, role: updated.role };
  });
}

export async function setMemberActive(opts: { companyId: string; actor: TActor; actorRole: TRole; membershipId: string; active: boolean }) {
  return withTenant(opts.companyId, async (tx) => {
    const m = await loadMember(tx, opts.membershipId);
    if (m.active === opts.active) return { membershipId: m.id, active: m.active };
    if (!opts.active) {
      if (m.userId === opts.actor.userId) throw new AppError("PRECONDITION_FAILED", "Нельзя отключить самого себя");
      if (m.role === "owner") {
        if (opts.actorRole !== "owner") throw new AppError("FORBIDDEN", "Отключить владельца может только владелец");
        await assertNotLastOwner(tx, m.id, "Нельзя отключить последнего владельца компании");
      }
    }
    await tx.membership.update({ where: { id: m.id }, data: { active: opts.active } });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: opts.active ? "member.activated" : "member.deactivated", entity: "Membership", entityId: m.id,
      changes: { email: m.user.email, active: { from: m.active, to: opts.active } },
    });
    return { membershipId: m.id, active: opts.active };
  });
}
