/**
 * Who sees and changes which deal (enforced here, on the server):
 * - owner, admin, manager: every deal of the company (there is no team model yet, so a manager's "team"
 *   is the whole company);
 * - seller: the deals where they are the seller (or were added as a participant);
 * - executor: the deals where they are a participant (assigning a task adds the assignee);
 * - viewer: no CRM access (the router refuses it).
 * Changing a deal: managers and up, the deal's seller, and its participants. A seller changing another
 * seller's deal is refused with FORBIDDEN.
 */
import type { Prisma, TTx } from "../db";
import { AppError } from "../errors";
import type { TActor, TRole } from "../tenancy/roles";

export type TCrmAccess = { companyId: string; actor: TActor; role: TRole };

export const CRM_ROLES: readonly TRole[] = ["owner", "admin", "manager", "seller", "executor"];
export const CRM_ALL_DEALS_ROLES: readonly TRole[] = ["owner", "admin", "manager"];

export function seesAllDeals(role: TRole): boolean {
  return CRM_ALL_DEALS_ROLES.includes(role);
}

export function actorId(a: { actor: TActor }): string {
  if (!a.actor.userId) throw new AppError("FORBIDDEN", "Действие доступно только пользователю");
  return a.actor.userId;
}

/** Prisma filter of the deals a member may see. */
export function dealVisibilityWhere(a: TCrmAccess): Prisma.CrmDealWhereInput {
  if (seesAllDeals(a.role)) return {};
  const uid = actorId(a);
  if (a.role === "seller") return { OR: [{ sellerId: uid }, { participants: { some: { userId: uid } } }] };
  if (a.role === "executor") return { participants: { some: { userId: uid } } };
  return { id: { in: [] } };
}

type TDealRef = { id: string; sellerId: string; participants: { userId: string }[] };

export function canSeeDeal(a: TCrmAccess, deal: TDealRef): boolean {
  if (seesAllDeals(a.role)) return true;
  const uid = a.actor.userId;
  if (!uid) return false;
  if (a.role === "seller") return deal.sellerId === uid || deal.participants.some((p) => p.userId === uid);
  if (a.role === "executor") return deal.participants.some((p) => p.userId === uid);
  return false;
}

export function canEditDeal(a: TCrmAccess, deal: TDealRef): boolean {
  if (seesAllDeals(a.role)) return true;
  const uid = a.actor.userId;
  if (!uid) return false;
  if (a.role === "seller") return deal.sellerId === uid || deal.participants.some((p) => p.userId === uid);
  if (a.role === "executor") return deal.participants.some((p) => p.userId === uid);
  return false;
}

async function loadDealRef(tx: TTx, dealId: string) {
  const deal = await tx.crmDeal.findFirst({
    where: { id: dealId },
    select: { id: true, title: true, sellerId: true, stage: true, participants: { select: { userId: true } } },
  });
  if (!deal) throw new AppError("NOT_FOUND", "Сделка не найдена");
  return deal;
}

/** The deal if the member may see it, else NOT_FOUND (no hint that it exists). */
export async function loadVisibleDeal(tx: TTx, a: TCrmAccess, dealId: string) {
  const deal = await loadDealRef(tx, dealId);
  if (!canSeeDeal(a, deal)) throw new AppError("NOT_FOUND", "Сделка не найдена");
  return deal;
}

/** The deal if the member may change it; FORBIDDEN with a clear reason otherwise. */
export async function loadEditableDeal(tx: TTx, a: TCrmAccess, dealId: string) {
  const deal = await loadDealRef(tx, dealId);
  if (!canEditDeal(a, deal)) {
    throw new AppError("FORBIDDEN", a.role === "seller"
      ? "Это сделка другого продавца: изменять её могут только её продавец, участники, руководитель или администратор"
      : "Вы не участвуете в этой сделке: изменять её нельзя");
  }
  return deal;
}
