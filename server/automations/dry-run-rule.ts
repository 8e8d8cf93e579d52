import { withTenant } from "../db";
import { AppError } from "../errors";
import { UpstreamError } from "../integrations/errors";
import { getByHref } from "../integrations/moysklad/webhooks";
import { SOURCE_EXPAND, sourceEventDef } from "./catalog";
import { companyCards, isLinkActive, partnerOf } from "./link-access";
import { checkFilters, idempotencyKeyFor, MappingError, renderMapping, type TFilter } from "./mapping";
import { moyskladFor, targetResolver } from "./moysklad-port";
import { documentSummary, ruleContext } from "./rule-context";

/**
 * Dry run of a rule (saved or still in the form) on a REAL sample event: the latest stored event of that
 * type, or the latest such document in the source company's MoySklad. Renders the mapping with lookups in
 * the target's MoySklad (reads only) and shows exactly what would be created — nothing is written.
 */
export async function dryRunRule(opts: {
  companyId: string;
  linkId: string;
  sourceEvent: string;
  action: string;
  mapping: Record<string, unknown>;
  filters: TFilter[];
  idempotencyTemplate: string;
  ruleId?: string | null;
  sourceDocumentId?: string | null;
}) {
  const def = sourceEventDef(opts.sourceEvent);
  if (!def) throw new AppError("BAD_REQUEST", "Неизвестное событие");
  const { link, stored } = await withTenant(opts.companyId, async (tx) => ({
    link: await tx.companyLink.findUnique({ where: { id: opts.linkId } }),
    stored: opts.sourceDocumentId ? null : await tx.sourceEvent.findFirst({ where: { entityType: def.entityType, action: def.action }, orderBy: { receivedAt: "desc" } }),
  }));
  if (!link) throw new AppError("NOT_FOUND", "Связь не найдена");
  const targetCompanyId = partnerOf(link, opts.companyId);
  const source = await moyskladFor(opts.companyId);
  let doc: Record<string, unknown> | null = null;
  let sampleFrom = "";
  try {
    if (opts.sourceDocumentId) {
      doc = await source.client.getById(def.entityType, opts.sourceDocumentId, { expand: SOURCE_EXPAND });
      sampleFrom = "указанный документ";
    } else if (stored) {
      doc = await getByHref(source.client, stored.href, { expand: SOURCE_EXPAND });
      sampleFrom = `последнее полученное событие (${stored.receivedAt.toLocaleString("ru-RU", { timeZone: "Europe/Moscow" })})`;
    }
  } catch (error) {
    if (!(error instanceof UpstreamError && error.kind === "not_found")) throw error;
  }
  if (!doc) {
    const page = await source.client.listPages({ entity: def.entityType, limit: 1, order: "created,desc" }).next();
    const row = page.value?.rows[0];
    if (!row) throw new AppError("PRECONDITION_FAILED", `В МойСклад нет ни одного документа для события «${def.label}»`);
    doc = await source.client.getById(def.entityType, row.id, { expand: SOURCE_EXPAND });
    sampleFrom = "последний документ этого типа в МойСклад";
  }
  const cards = await companyCards([opts.companyId, targetCompanyId]);
  const event = { entityType: def.entityType, action: def.action, entityId: String(doc.id), href: String((doc.meta as { href?: string }).href ?? "") };
  const ctx = ruleContext({
    event,
    source: doc,
    sourceCompany: cards.get(opts.companyId) ?? { id: opts.companyId, name: "", inn: null },
    targetCompany: cards.get(targetCompanyId) ?? { id: targetCompanyId, name: "", inn: null },
  });
  const filters = checkFilters(opts.filters, ctx);
  const trace: string[] = [];
  let body: unknown = null;
  let error: string | null = null;
  try {
    const target = await moyskladFor(targetCompanyId);
    body = await renderMapping(opts.mapping, ctx, targetResolver(target.client), trace);
  } catch (e) {
    if (e instanceof MappingError || e instanceof AppError || e instanceof UpstreamError) error = (e as { userMessage: string }).userMessage;
    else throw e;
  }
  return {
    sampleFrom,
    source: documentSummary(doc),
    sourceContext: ctx,
    filtersPassed: filters.passed,
    failedFilters: filters.failed,
    linkActive: isLinkActive(link),
    targetCompany: cards.get(targetCompanyId)?.name ?? "",
    request: { method: "POST", path: `/entity/${opts.action}`, body },
    idempotencyKey: idempotencyKeyFor(opts.ruleId ?? "<новое правило>", opts.idempotencyTemplate, ctx),
    lookups: trace,
    error,
  };
}
