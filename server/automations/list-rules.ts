import { withTenant } from "../db";
import { companyCards, isLinkActive } from "./link-access";

export async function listRules(opts: { companyId: string }) {
  const { rules, links, stats } = await withTenant(opts.companyId, async (tx) => ({
    rules: await tx.automationRule.findMany({ orderBy: { createdAt: "asc" } }),
    links: await tx.companyLink.findMany(),
    stats: await tx.crossCompanyJob.groupBy({ by: ["ruleId", "status"], _count: { _all: true } }),
  }));
  const cards = await companyCards([...new Set(rules.map((r) => r.targetCompanyId))]);
  return rules.map((r) => {
    const link = links.find((l) => l.id === r.linkId);
    const count = (status: string) => stats.find((s) => s.ruleId === r.id && s.status === status)?._count._all ?? 0;
    return {
      id: r.id,
      name: r.name,
      linkId: r.linkId,
      linkActive: link ? isLinkActive(link) : false,
      linkStatus: link?.status ?? "revoked",
      targetCompanyId: r.targetCompanyId,
      targetName: cards.get(r.targetCompanyId)?.name ?? "Компания",
      sourceEvent: r.sourceEvent,
      action: r.action,
      mapping: r.mapping as Record<string, unknown>,
      filters: r.filters as unknown[],
      idempotencyTemplate: r.idempotencyTemplate,
      paused: r.paused,
      succeeded: count("succeeded"),
      failed: count("failed"),
      createdAt: r.createdAt,
    };
  });
}
