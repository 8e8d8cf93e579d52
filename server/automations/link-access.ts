/** Shared helpers of company links: canonical sides, partner names, the execution-time activity check. */
import { withSystem, type TTx } from "../db";
import type { CompanyLink } from "../generated/prisma/client";

export type TLinkSide = "a" | "b";

/** The two companies in canonical order (A < B), as stored. */
export function linkSides(x: string, y: string): { companyAId: string; companyBId: string } {
  return x < y ? { companyAId: x, companyBId: y } : { companyAId: y, companyBId: x };
}

export function sideOf(link: Pick<CompanyLink, "companyAId" | "companyBId">, companyId: string): TLinkSide {
  return link.companyAId === companyId ? "a" : "b";
}

export function partnerOf(link: Pick<CompanyLink, "companyAId" | "companyBId">, companyId: string): string {
  return link.companyAId === companyId ? link.companyBId : link.companyAId;
}

/** Active both ways: both sides switched it on and nobody paused or revoked it. */
export function isLinkActive(link: Pick<CompanyLink, "status" | "aEnabled" | "bEnabled">): boolean {
  return link.status === "active" && link.aEnabled && link.bEnabled;
}

/**
 * Names (and INN) of partner companies. A named cross-tenant read: a company sees the name of a company it
 * is linked with (or asked to link with), nothing else.
 */
export async function companyCards(ids: string[]): Promise<Map<string, { id: string; name: string; inn: string | null; modules: string[] }>> {
  if (ids.length === 0) return new Map();
  const rows = await withSystem((tx) => tx.company.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, inn: true, enabledModules: true } }));
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, inn: r.inn, modules: r.enabledModules }]));
}

/** The link as the given company sees it (RLS: only its own links are visible). */
export function findLink(tx: TTx, linkId: string) {
  return tx.companyLink.findUnique({ where: { id: linkId } });
}
