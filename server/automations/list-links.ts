import { withTenant } from "../db";
import { companyCards, isLinkActive, partnerOf, sideOf } from "./link-access";

/** The company's links with the partner's name, each side's confirmation and the rules over each link. */
export async function listLinks(opts: { companyId: string }) {
  const { links, rules } = await withTenant(opts.companyId, async (tx) => ({
    links: await tx.companyLink.findMany({ orderBy: { createdAt: "asc" } }),
    rules: await tx.automationRule.groupBy({ by: ["linkId"], _count: { _all: true } }),
  }));
  const cards = await companyCards(links.map((l) => partnerOf(l, opts.companyId)));
  return links.map((l) => {
    const side = sideOf(l, opts.companyId);
    const partnerId = partnerOf(l, opts.companyId);
    return {
      id: l.id,
      partnerCompanyId: partnerId,
      partnerName: cards.get(partnerId)?.name ?? "Компания",
      status: l.status,
      active: isLinkActive(l),
      mineEnabled: side === "a" ? l.aEnabled : l.bEnabled,
      partnerEnabled: side === "a" ? l.bEnabled : l.aEnabled,
      mineEnabledAt: side === "a" ? l.aEnabledAt : l.bEnabledAt,
      partnerEnabledAt: side === "a" ? l.bEnabledAt : l.aEnabledAt,
      statusChangedAt: l.statusChangedAt,
      statusChangedBy: l.statusChangedBy,
      statusByPartner: l.statusCompanyId !== null && l.statusCompanyId !== opts.companyId,
      rules: rules.find((r) => r.linkId === l.id)?._count._all ?? 0,
      createdAt: l.createdAt,
    };
  });
}
