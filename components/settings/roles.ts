import { ROLES, ROLE_LABELS, type TRole } from "@/server/tenancy/roles";

export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as TRole] ?? role;
}
