import { withTenant, Prisma } from "../db";
import { writeAudit } from "../audit/write-audit";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { isPermanentError, describeJobError } from "../jobs/errors";
import { createDocumentOnce, getByHref } from "../integrations/moysklad/webhooks";
import { SOURCE_EXPAND } from "./catalog";
import { companyCards, isLinkActive } from "./link-access";
import { renderMapping } from "./mapping";
import { moyskladFor, recallSourceDocument, targetResolver } from "./moysklad-port";
import { documentSummary, ruleContext } from "./rule-context";

const FINAL = new Set(["succeeded", "cancelled"]);

/**
 * Runs one CrossCompanyJob: checks the link is still active both ways (at execution time, not only when
 * the rule was made), reads the source document from the source company's MoySklad, renders the mapping
 * with lookups in the TARGET's MoySklad and creates the document there through the target's own account.
 * The document carries a `syncId` derived from the job's idempotency key, so a retry (or a duplicate job
 * run) never creates a second one. Records the payload, response, result and audits at both companies.
 * Temporary failures are rethrown for the runtime's retry with backoff; permanent ones fail the job.
 */
export async function executeCrossJob(opts: { companyId: string; jobId: string; attempt?: number; maxAttempts?: number }) {
  const loaded = await withTenant(opts.companyId, async (tx) => {
    const job = await tx.crossCompanyJob.findUnique({ where: { id: opts.jobId }, include: { rule: true } });
    if (!job) return null;
    const event = await tx.sourceEvent.findUnique({ where: { id: job.sourceEventId } });
    const link = await tx.companyLink.findUnique({ where: { id: job.rule.linkId } });
    return { job, event, link };
  });
  if (!loaded || !loaded.event) return { status: "missing" };
  const { job, event, link } = loaded;
  if (FINAL.has(job.status)) return { status: job.status, skipped: true };

  if (!link || !isLinkActive(link) || job.rule.paused) {
    const reason = job.rule.paused ? "Правило приостановлено — документ не создан" : "Связь с компанией не активна (приостановлена или разорвана) — документ не создан";
    await withTenant(opts.companyId, (tx) => tx.crossCompanyJob.update({ where: { id: job.id }, data: { status: "blocked", error: reason, finishedAt: new Date() } }));
    return { status: "blocked" };
  }

  await withTenant(opts.companyId, (tx) => tx.crossCompanyJob.update({
    where: { id: job.id },
    data: { status: "running", attempts: { increment: 1 }, startedAt: new Date(), error: null },
  }));

  let payload: Record<string, unknown> | null = null;
  try {
    const doc = recallSourceDocument(opts.companyId, event.href)
      ?? await getByHref((await moyskladFor(opts.companyId)).client, event.href, { expand: SOURCE_EXPAND });
    const target = await moyskladFor(job.targetCompanyId);
    const cards = await companyCards([opts.companyId, job.targetCompanyId]);
    const ctx = ruleContext({
      event,
      source: doc,
      sourceCompany: cards.get(opts.companyId) ?? { id: opts.companyId, name: "", inn: null },
      targetCompany: cards.get(job.targetCompanyId) ?? { id: job.targetCompanyId, name: "", inn: null },
    });
    payload = (await renderMapping(job.rule.mapping, ctx, targetResolver(target.client))) as Record<string, unknown>;
    const created = await createDocumentOnce(target.client, job.rule.action, payload, job.idempotencyKey);
    const summary = documentSummary(created as Record<string, unknown>);
    await withTenant(opts.companyId, async (tx) => {
      await tx.crossCompanyJob.update({
        where: { id: job.id },
        data: {
          status: "succeeded",
          targetEntityId: String(summary.id ?? ""),
          targetHref: summary.href as string | null,
          targetName: summary.name as string | null,
          payload: payload as Prisma.InputJsonValue,
          response: JSON.parse(JSON.stringify(summary)) as Prisma.InputJsonValue,
          error: null,
          finishedAt: new Date(),
        },
      });
      await writeAudit(tx, opts.companyId, SYSTEM_ACTOR, {
        action: "automations.document_created", entity: "CrossCompanyJob", entityId: job.id,
        changes: { rule: job.rule.name, source: `${event.entityType} ${doc.name ?? event.entityId}`, target: `${job.rule.action} ${summary.name ?? ""}`, targetCompanyId: job.targetCompanyId },
      });
    });
    await withTenant(job.targetCompanyId, (tx) => writeAudit(tx, job.targetCompanyId, SYSTEM_ACTOR, {
      action: "automations.document_created_by_partner", entity: "MoyskladDocument", entityId: String(summary.id ?? ""),
      changes: { partnerCompanyId: opts.companyId, rule: job.rule.name, document: `${job.rule.action} ${summary.name ?? ""}`, source: `${event.entityType} ${doc.name ?? event.entityId}` },
    }));
    return { status: "succeeded", document: summary };
  } catch (error) {
    const permanent = isPermanentError(error);
    const last = opts.attempt !== undefined && opts.maxAttempts !== undefined && opts.attempt >= opts.maxAttempts;
    const status = permanent || last ? "failed" : "retrying";
    const message = describeJobError(error);
    await withTenant(opts.companyId, async (tx) => {
      await tx.crossCompanyJob.update({
        where: { id: job.id },
        data: {
          status,
          error: message,
          ...(payload ? { payload: payload as Prisma.InputJsonValue } : {}),
          ...(status === "failed" ? { finishedAt: new Date() } : {}),
        },
      });
      if (status === "failed") {
        await writeAudit(tx, opts.companyId, SYSTEM_ACTOR, {
          action: "automations.job_failed", entity: "CrossCompanyJob", entityId: job.id, changes: { rule: job.rule.name, error: message },
        });
      }
    });
    throw error;
  }
}
