/** The context a rule is rendered against: the source document, the event, both companies. */
import type { TMoyskladEntity } from "../integrations/moysklad/schemas";
import type { TMappingContext } from "./mapping";

export type TCompanyCard = { id: string; name: string; inn: string | null };

export function ruleContext(opts: {
  event: { entityType: string; action: string; entityId: string; href: string; accountId?: string | null };
  source: TMoyskladEntity | Record<string, unknown>;
  sourceCompany: TCompanyCard;
  targetCompany: TCompanyCard;
}): TMappingContext {
  return {
    event: { type: opts.event.entityType, action: opts.event.action, id: opts.event.entityId, href: opts.event.href, accountId: opts.event.accountId ?? null },
    source: opts.source,
    sourceCompany: opts.sourceCompany,
    targetCompany: opts.targetCompany,
  };
}

/** A short, JSON-safe summary of a created MoySklad document for the journal. */
export function documentSummary(doc: Record<string, unknown>) {
  const meta = (doc.meta ?? {}) as { href?: string; type?: string; uuidHref?: string };
  const positions = doc.positions as { meta?: { size?: number } } | unknown[] | undefined;
  return {
    id: doc.id ?? null,
    type: meta.type ?? null,
    href: meta.href ?? null,
    uuidHref: meta.uuidHref ?? null,
    name: doc.name ?? null,
    moment: doc.moment ?? null,
    sum: doc.sum ?? null,
    positions: Array.isArray(positions) ? positions.length : (positions?.meta?.size ?? null),
  };
}
