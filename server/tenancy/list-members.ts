import { withTenant } from "../db";
import type { TRole } from "./roles";

export type TMemberRow = {
  membershipId: string; userId: string; email: string; name: string; role: TRole; active: boolean;
  lastLoginAt: Date | null; createdAt: Date;
};

export async function listMembers(opts: { companyId: string; search?: string }): Promise<{
  members: TMemberRow[];
  invitations: { id: string; email: string; name: string; role: TRole; expiresAt: Date; createdAt: Date; expired: boolean }[];
}> {
  return withTenant(opts.companyId, async (tx) => {
    const q = opts.search?.trim();
    const members = await tx.membership.findMany({
      where: q ? { user: { OR: [{ email: { contains: q, mode: "insensitive" } }, { name: { contains: q, mode: "insensitive" } }] } } : {},
      include: { user: { select: { email: true, name: true, lastLoginAt: true } } },
      orderBy: [{ active: "desc" }, { createdAt: "asc" }],
    });
    const invitations = await tx.invitation.findMany({
      where: { acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: "desc" },
    });
    const now = Date.now();
    return {
      members: members.map((m) => ({
        membershipId: m.id, userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, active: m.active,
        lastLoginAt: m.user.lastLoginAt, createdAt: m.createdAt,
      })),
      invitations: invitations.map((i) => ({
        id: i.id, email: i.email, name: i.name, role: i.role, expiresAt: i.expiresAt, createdAt: i.createdAt,
        expired: i.expiresAt.getTime() < now,
      })),
    };
  });
}
