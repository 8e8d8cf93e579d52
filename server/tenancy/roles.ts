import type { Role } from "../generated/prisma/enums";

export type TRole = `${Role}`;

export const ROLES: readonly TRole[] = ["owner", "admin", "manager", "seller", "executor", "viewer"];

export const ROLE_LABELS: Record<TRole, string> = {
  owner: "Владелец",
  admin: "Администратор",
  manager: "Менеджер",
  seller: "Продавец",
  executor: "Исполнитель",
  viewer: "Наблюдатель",
};

export const ADMIN_ROLES: readonly TRole[] = ["owner", "admin"];

/** Who acts: every domain function receives it, and it ends up in the audit log. */
export type TActor = {
  userId: string | null;
  name: string;
  ip?: string | null;
  requestId?: string | null;
};

export const SYSTEM_ACTOR: TActor = { userId: null, name: "Система" };
