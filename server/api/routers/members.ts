import { z } from "zod";
import { router, tenantProcedure } from "../trpc";
import { ADMIN_ROLES, ROLES } from "../../tenancy/roles";
import { listMembers } from "../../tenancy/list-members";
import { inviteMember } from "../../tenancy/invite-member";
import { changeMemberRole, setMemberActive } from "../../tenancy/change-member-role";
import { revokeInvitation } from "../../tenancy/revoke-invitation";

const ZRole = z.enum(ROLES as [string, ...string[]]).transform((r) => r as (typeof ROLES)[number]);
const admin = tenantProcedure(ADMIN_ROLES);

export const membersRouter = router({
  list: admin.input(z.object({ search: z.string().max(100).optional() })).query(({ ctx, input }) =>
    listMembers({ companyId: ctx.tenant.companyId, search: input.search })),
  invite: admin
    .input(z.object({
      email: z.string().trim().email("Введите корректный email"),
      name: z.string().trim().min(2, "Укажите имя").max(100),
      role: ZRole,
      method: z.enum(["link", "password"]),
    }))
    .mutation(({ ctx, input }) => inviteMember({ ...ctx.tenant, actorRole: ctx.tenant.role, ...input })),
  changeRole: admin.input(z.object({ membershipId: z.string().uuid(), role: ZRole })).mutation(({ ctx, input }) =>
    changeMemberRole({ ...ctx.tenant, actorRole: ctx.tenant.role, ...input })),
  setActive: admin.input(z.object({ membershipId: z.string().uuid(), active: z.boolean() })).mutation(({ ctx, input }) =>
    setMemberActive({ ...ctx.tenant, actorRole: ctx.tenant.role, ...input })),
  revokeInvitation: admin.input(z.object({ invitationId: z.string().uuid() })).mutation(({ ctx, input }) =>
    revokeInvitation({ ...ctx.tenant, ...input })),
});
