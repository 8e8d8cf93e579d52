import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { sendEvent } from "../jobs/send-event";
import type { TActor } from "../tenancy/roles";
import { companyCards } from "./link-access";

type TStatus = "queued" | "running" | "retrying" | "succeeded" | "failed" | "cancelled" | "blocked";

/** «Журнал запусков»: every CrossCompanyJob of the company with filters and paging. */
export async function listCrossJobs(opts: { companyId: string; status?: TStatus | null; ruleId?: string | null; search?: string | null; page: number; pageSize: number }) {
  const where = {
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.ruleId ? { ruleId: opts.ruleId } : {}),
    ...(opts.search ? { OR: [{ sourceName: { contains: opts.search } }, { targetName: { contains: opts.search } }, { idempotencyKey: { contains: opts.search } }] } : {}),
  };
  const { total, rows } = await withTenant(opts.companyId, async (tx) => ({
    total: await tx.crossCompanyJob.count({ where }),
    rows: await tx.crossCompanyJob.findMany({ where, orderBy: { createdAt: "desc" }, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize, include: { rule: { select: { name: true } } } }),
  }));
  const cards = await companyCards([...new Set(rows.map((r) => r.targetCompanyId))]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      ruleId: r.ruleId,
      ruleName: r.rule.name,
      status: r.status,
      attempts: r.attempts,
      idempotencyKey: r.idempotencyKey,
      source: { type: r.sourceEntityType, id: r.sourceEntityId, name: r.sourceName },
      target: { company: cards.get(r.targetCompanyId)?.name ?? "", type: r.targetEntityType, id: r.targetEntityId, name: r.targetName, href: r.targetHref },
      payload: r.payload,
      response: r.response,
      error: r.error,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
    })),
  };
}

/** Retry a failed / blocked / cancelled job (the idempotency key still prevents a second document). */
export async function retryCrossJob(opts: { companyId: string; actor: TActor; id: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const job = await tx.crossCompanyJob.findUnique({ where: { id: opts.id } });
    if (!job) throw new AppError("NOT_FOUND", "Запуск не найден");
    if (!["failed", "blocked", "cancelled"].includes(job.status)) throw new AppError("PRECONDITION_FAILED", "Повторить можно только неуспешный или отменённый запуск");
    const [runId] = await sendEvent(tx, {
      name: "automations/cross-job.requested",
      data: { companyId: opts.companyId, jobId: job.id },
      trigger: "manual",
      actor: opts.actor,
      idempotencyKey: `cross-job:${job.id}:retry:${Date.now()}`,
    });
    await tx.crossCompanyJob.update({ where: { id: job.id }, data: { status: "queued", error: null, finishedAt: null, jobRunId: runId ?? null } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "automations.job_retried", entity: "CrossCompanyJob", entityId: job.id, changes: { previous: job.status } });
    return { ok: true };
  });
}

export async function cancelCrossJob(opts: { companyId: string; actor: TActor; id: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const job = await tx.crossCompanyJob.findUnique({ where: { id: opts.id } });
    if (!job) throw new AppError("NOT_FOUND", "Запуск не найден");
    if (["succeeded", "cancelled"].includes(job.status)) throw new AppError("PRECONDITION_FAILED", "Этот запуск уже завершён");
    await tx.crossCompanyJob.update({ where: { id: job.id }, data: { status: "cancelled", finishedAt: new Date() } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "automations.job_cancelled", entity: "CrossCompanyJob", entityId: job.id, changes: { previous: job.status } });
    return { ok: true };
  });
}
