/**
 * The inbox processor: one run (job "automations-drain", serial per company) takes the company's pending
 * SourceEvents in batches of up to 100 and, per batch:
 *   1. reads rules, links (active both ways — checked now, at execution time), quota and dealers ONCE;
 *   2. reads the source documents from the source account in ONE request per entity type
 *      (`filter=id=…;id=…` with the same expand as a single read);
 *   3. creates the CrossCompanyJob rows (UNIQUE idempotency key: a repeated event never makes a second job)
 *      in one INSERT;
 *   4. renders the mappings (target lookups cached per account) and creates the documents at each target
 *      in ONE `POST /entity/<type>` with an array, every document carrying the `syncId` of its idempotency key
 *      (a repeat returns the existing document instead of creating another);
 *   5. records results, audit rows at both companies and marks the events processed — a few statements.
 * A job whose batch request fails is handed to the per-job executor (job "automations-execute",
 * server/automations/execute-cross-job.ts) with retries and backoff; the journal's retry uses it too.
 * A crash anywhere leaves the events pending: the next run redoes them (same jobs, same syncIds).
 */
import { withTenant, Prisma, type TTx } from "../db";
import { logger } from "../logger";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { maskSecrets } from "../audit/mask-secrets";
import { sendEvent } from "../jobs/send-event";
import { backoffMs, describeJobError, isPermanentError } from "../jobs/errors";
import { createDocumentsOnce } from "../integrations/moysklad/webhooks";
import { enqueueDealerDeliveries } from "../dealers/enqueue-deliveries";
import { triggerForEntity } from "../dealers/triggers";
import { SOURCE_EXPAND, sourceEventOf } from "./catalog";
import { companyCards, isLinkActive } from "./link-access";
import { checkFilters, idempotencyKeyFor, renderMapping, type TFilter } from "./mapping";
import { moyskladFor, rememberSourceDocument, targetResolver, type TCompanyMoysklad } from "./moysklad-port";
import { documentSummary, ruleContext } from "./rule-context";
import { drainGate } from "./record-source-events";

/** Events per batch: one source read (expand allows ≤ 100 rows) and ≤ 1 document POST per target. */
export const DRAIN_BATCH = 100;
/**
 * An empty inbox is looked at again every 100 ms for this long before the run ends: under a steady stream one
 * run keeps draining (a new run queued behind a running one starts only at the worker's next poll).
 */
export const DRAIN_LINGER_MS = 2_000;
/**
 * Batches start at most this often: each costs one request at the source and one per target, so a busy
 * stream uses ≤ 4 requests/s of an account's 15/s (45 / 3 s) instead of running into the limiter's window
 * (a stall of up to 3 s) — and leaves room for the poller, dealers and exports on the same account.
 */
export const DRAIN_MIN_INTERVAL_MS = 250;
/** Positions per POST (MoySklad: ≤ 1000 positions in one request). */
const MAX_POSITIONS_PER_POST = 1000;

type TEvent = { id: string; entityType: string; action: string; entityId: string; href: string; accountId: string | null; origin: string; receivedAt: Date };
type TDoc = Record<string, unknown>;
type TAuditRow = { companyId: string; action: string; entity: string; entityId: string | null; changes: unknown };

/** Counters of a drain run, and where its time went (ms: inbox read, source read, jobs, document POSTs, results). */
export type TDrainResult = {
  batches: number; events: number; jobs: number; documents: number; handedOver: number; dealers: number;
  ms: { load: number; source: number; jobs: number; create: number; finish: number };
  /** The slowest batch (ms) and the longest gap between two batches (ms, waiting for events included). */
  slowestBatchMs: number;
  longestGapMs: number;
};

/** Starts a drain: bumps drainSeq under the exclusive drain gate (waits for webhooks still storing events). */
async function beginDrain(companyId: string): Promise<void> {
  await withTenant(companyId, async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${drainGate(companyId)})::text AS locked`;
    await tx.$executeRaw`UPDATE "AutomationEndpoint" SET "drainSeq" = "drainSeq" + 1 WHERE "companyId" = ${companyId}::uuid`;
  });
}

export async function drainSourceEvents(opts: { companyId: string; batchSize?: number; maxBatches?: number; lingerMs?: number }): Promise<TDrainResult> {
  const total: TDrainResult = { batches: 0, events: 0, jobs: 0, documents: 0, handedOver: 0, dealers: 0, ms: { load: 0, source: 0, jobs: 0, create: 0, finish: 0 }, slowestBatchMs: 0, longestGapMs: 0 };
  await beginDrain(opts.companyId);
  const ports = new Map<string, Promise<TCompanyMoysklad>>();
  const port = (companyId: string) => {
    let p = ports.get(companyId);
    if (!p) {
      p = moyskladFor(companyId);
      p.catch(() => ports.delete(companyId));
      ports.set(companyId, p);
    }
    return p;
  };
  const lingerMs = opts.lingerMs ?? DRAIN_LINGER_MS;
  let idleSince: number | null = null;
  let lastBatchAt = 0;
  for (let i = 0; i < (opts.maxBatches ?? Infinity); ) {
    const wait = lastBatchAt + DRAIN_MIN_INTERVAL_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = Date.now();
    const r = await drainBatch(opts.companyId, opts.batchSize ?? DRAIN_BATCH, port, total.ms);
    if (r.events > 0) {
      total.slowestBatchMs = Math.max(total.slowestBatchMs, Date.now() - t0);
      if (lastBatchAt > 0) total.longestGapMs = Math.max(total.longestGapMs, t0 - lastBatchAt);
    }
    if (r.events === 0) {
      idleSince ??= Date.now();
      if (Date.now() - idleSince >= lingerMs) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    idleSince = null;
    lastBatchAt = Date.now();
    i++;
    total.batches++;
    total.events += r.events;
    total.jobs += r.jobs;
    total.documents += r.documents;
    total.handedOver += r.handedOver;
    total.dealers += r.dealers;
  }
  logger.debug({ companyId: opts.companyId, ...total }, "automations: inbox drained");
  return total;
}

async function drainBatch(companyId: string, batchSize: number, port: (companyId: string) => Promise<TCompanyMoysklad>, ms: TDrainResult["ms"]) {
  let t = performance.now();
  const lap = (phase: keyof TDrainResult["ms"]) => {
    const now = performance.now();
    ms[phase] += Math.round(now - t);
    t = now;
  };
  const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const state = await withTenant(companyId, async (tx) => {
    const events: TEvent[] = await tx.sourceEvent.findMany({
      where: { processedAt: null },
      orderBy: { receivedAt: "asc" },
      take: batchSize,
      select: { id: true, entityType: true, action: true, entityId: true, href: true, accountId: true, origin: true, receivedAt: true },
    });
    if (events.length === 0) return null;
    const rules = await tx.automationRule.findMany({ where: { paused: false } });
    const links = rules.length ? await tx.companyLink.findMany({ where: { id: { in: [...new Set(rules.map((r) => r.linkId))] } } }) : [];
    const dealerTriggered = events.some((e) => e.action === "CREATE" && triggerForEntity(e.entityType));
    return {
      events,
      rules,
      links: new Map(links.map((l) => [l.id, l])),
      endpoint: await tx.automationEndpoint.findFirst({ select: { id: true, maxRunsPerDay: true } }),
      runsToday: rules.length ? await tx.crossCompanyJob.count({ where: { createdAt: { gte: since } } }) : 0,
      dealers: dealerTriggered ? await tx.dealer.count({ where: { status: "active" } }) : 0,
    };
  });
  lap("load");
  if (!state) return { events: 0, jobs: 0, documents: 0, handedOver: 0, dealers: 0 };
  const { events, rules, links, endpoint } = state;

  const rulesOf = (e: TEvent) => {
    const id = sourceEventOf(e.entityType, e.action);
    return id ? rules.filter((r) => r.sourceEvent === id) : [];
  };
  const needsDoc = events.filter((e) => rulesOf(e).length > 0 || (state.dealers > 0 && e.action === "CREATE" && triggerForEntity(e.entityType)));

  // 2. Source documents: one list request per entity type (deleted documents are simply absent).
  const docs = new Map<string, TDoc>();
  if (needsDoc.length > 0) {
    const source = await port(companyId);
    const byType = new Map<string, string[]>();
    for (const e of needsDoc) byType.set(e.entityType, [...(byType.get(e.entityType) ?? []), e.entityId]);
    for (const [type, ids] of byType) {
      const unique = [...new Set(ids)];
      const page = await source.client.listPages({ entity: type, filter: unique.map((id) => `id=${id}`).join(";"), expand: SOURCE_EXPAND, limit: 100 }).next();
      for (const row of page.value?.rows ?? []) docs.set(`${type}:${row.id}`, row as TDoc);
    }
  }
  const docOf = (e: TEvent) => docs.get(`${e.entityType}:${e.entityId}`);
  lap("source");

  // 3. Jobs (one INSERT; duplicates vanish on the idempotency key), then every unfinished job of these events
  // that belongs to the drain (no per-job run): the new ones and those left by a crashed earlier run.
  const cards = await companyCards([companyId, ...new Set(rules.map((r) => r.targetCompanyId))]);
  const card = (id: string) => cards.get(id) ?? { id, name: "", inn: null };
  const quota = endpoint?.maxRunsPerDay ?? 1000;
  let runsToday = state.runsToday;
  const now = new Date();
  const jobRows: Prisma.CrossCompanyJobCreateManyInput[] = [];
  const ctxByKey = new Map<string, ReturnType<typeof ruleContext>>();
  for (const e of events) {
    const doc = docOf(e);
    if (!doc) continue;
    for (const rule of rulesOf(e)) {
      const ctx = ruleContext({ event: e, source: doc, sourceCompany: card(companyId), targetCompany: card(rule.targetCompanyId) });
      if (!checkFilters((rule.filters as TFilter[]) ?? [], ctx).passed) continue;
      const key = idempotencyKeyFor(rule.id, rule.idempotencyTemplate, ctx);
      ctxByKey.set(key, ctx);
      const link = links.get(rule.linkId);
      const blocked = !link || !isLinkActive(link) ? "Связь с компанией не активна (приостановлена, разорвана или не подтверждена) — документ не создан" : null;
      const overQuota = !blocked && runsToday >= quota ? `Превышена квота запусков: не более ${quota} в сутки` : null;
      if (!blocked) runsToday++;
      jobRows.push({
        companyId,
        ruleId: rule.id,
        sourceEventId: e.id,
        targetCompanyId: rule.targetCompanyId,
        status: blocked ? "blocked" : overQuota ? "failed" : "running",
        attempts: blocked || overQuota ? 0 : 1,
        startedAt: blocked || overQuota ? null : now,
        error: blocked ?? overQuota,
        idempotencyKey: key,
        sourceEntityType: e.entityType,
        sourceEntityId: e.entityId,
        sourceName: typeof doc.name === "string" ? doc.name : null,
        targetEntityType: rule.action,
        finishedAt: blocked || overQuota ? now : null,
      });
    }
  }
  const jobs = jobRows.length === 0 ? [] : await withTenant(companyId, async (tx) => {
    await tx.crossCompanyJob.createMany({ data: jobRows, skipDuplicates: true });
    return tx.crossCompanyJob.findMany({
      where: { sourceEventId: { in: events.map((e) => e.id) }, status: { in: ["queued", "running"] }, jobRunId: null },
      select: { id: true, ruleId: true, sourceEventId: true, targetCompanyId: true, idempotencyKey: true, targetEntityType: true },
    });
  });

  lap("jobs");
  // 4. Documents at the targets: render, then one POST per target account and document type.
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const eventById = new Map(events.map((e) => [e.id, e]));
  const succeeded: Array<{ id: string; summary: ReturnType<typeof documentSummary>; payload: TDoc }> = [];
  /** fresh: the executor starts it over (attempts 0); retry: again after `delayMs`; failed: a permanent error, final. */
  const handOver: Array<{ id: string; kind: "fresh" | "retry" | "failed"; error: string; delayMs: number }> = [];
  const sourceAudit: TAuditRow[] = [];
  const targetAudit = new Map<string, TAuditRow[]>();
  const groups = new Map<string, typeof jobs>();
  for (const job of jobs) {
    const k = `${job.targetCompanyId}|${job.targetEntityType}`;
    groups.set(k, [...(groups.get(k) ?? []), job]);
  }
  await Promise.all([...groups.values()].map(async (group) => {
    const targetId = group[0]!.targetCompanyId;
    const action = group[0]!.targetEntityType;
    let target: TCompanyMoysklad;
    try {
      target = await port(targetId);
    } catch (error) {
      for (const job of group) handOver.push(isPermanentError(error) ? { id: job.id, kind: "failed", error: describeJobError(error), delayMs: 0 } : { id: job.id, kind: "retry", error: describeJobError(error), delayMs: backoffMs(1, 10_000) });
      return;
    }
    const resolver = targetResolver(target.client);
    const ready: Array<{ job: (typeof group)[number]; payload: TDoc; positions: number }> = [];
    for (const job of group) {
      const rule = ruleById.get(job.ruleId);
      const event = eventById.get(job.sourceEventId);
      const doc = event && docOf(event);
      // A job left by an earlier run whose rule is now paused / whose document is gone: the executor decides.
      if (!rule || !event || !doc) {
        handOver.push({ id: job.id, kind: "fresh", error: "", delayMs: 0 });
        continue;
      }
      const ctx = ctxByKey.get(job.idempotencyKey) ?? ruleContext({ event, source: doc, sourceCompany: card(companyId), targetCompany: card(targetId) });
      try {
        const payload = (await renderMapping(rule.mapping, ctx, resolver)) as TDoc;
        const positions = Array.isArray(payload.positions) ? payload.positions.length : 0;
        ready.push({ job, payload, positions });
      } catch (error) {
        // A product missing at the buyer… fails this job alone, with the reason; a temporary lookup error is retried.
        handOver.push(isPermanentError(error) ? { id: job.id, kind: "failed", error: describeJobError(error), delayMs: 0 } : { id: job.id, kind: "retry", error: describeJobError(error), delayMs: backoffMs(1, 10_000) });
      }
    }
    for (const chunk of chunksOf(ready, DRAIN_BATCH, MAX_POSITIONS_PER_POST)) {
      try {
        const created = await createDocumentsOnce(target.client, action, chunk.map((r) => ({ body: r.payload, idempotencyKey: r.job.idempotencyKey })));
        chunk.forEach((r, i) => {
          const doc = created[i] as TDoc | undefined;
          if (!doc || !doc.id || doc.errors) {
            handOver.push({ id: r.job.id, kind: "fresh", error: "", delayMs: 0 });
            return;
          }
          const summary = documentSummary(doc);
          const rule = ruleById.get(r.job.ruleId)!;
          const event = eventById.get(r.job.sourceEventId)!;
          const sourceLabel = `${event.entityType} ${docOf(event)?.name ?? event.entityId}`;
          succeeded.push({ id: r.job.id, summary, payload: r.payload });
          sourceAudit.push({
            companyId, action: "automations.document_created", entity: "CrossCompanyJob", entityId: r.job.id,
            changes: { rule: rule.name, source: sourceLabel, target: `${action} ${summary.name ?? ""}`, targetCompanyId: targetId },
          });
          const list = targetAudit.get(targetId) ?? [];
          list.push({
            companyId: targetId, action: "automations.document_created_by_partner", entity: "MoyskladDocument", entityId: String(summary.id ?? ""),
            changes: { partnerCompanyId: companyId, rule: rule.name, document: `${action} ${summary.name ?? ""}`, source: sourceLabel },
          });
          targetAudit.set(targetId, list);
        });
      } catch (error) {
        // Temporary: the executor retries with backoff. Permanent (one bad document spoils the request):
        // the executor sends them one by one at once, so each job gets its own result.
        const permanent = isPermanentError(error);
        for (const r of chunk) handOver.push(permanent ? { id: r.job.id, kind: "fresh", error: "", delayMs: 0 } : { id: r.job.id, kind: "retry", error: describeJobError(error), delayMs: backoffMs(1, 10_000) });
      }
    }
  }));

  lap("create");
  // Dealers: deliveries for created orders / payments / shipments (UNIQUE per event and dealer).
  let dealers = 0;
  if (state.dealers > 0) {
    for (const e of events) {
      const doc = docOf(e);
      if (doc && e.action === "CREATE" && triggerForEntity(e.entityType)) {
        dealers += await enqueueDealerDeliveries({ companyId, sourceEventId: e.id, entity: doc });
      }
    }
  }
  for (const e of needsDoc) {
    const doc = docOf(e);
    if (doc) rememberSourceDocument(companyId, e.href, doc);
  }

  // 5. Results, audit, hand-overs and the events themselves — one transaction at the source, one per target.
  await withTenant(companyId, async (tx) => {
    if (succeeded.length > 0) await markSucceeded(tx, companyId, succeeded);
    for (const h of handOver) {
      if (h.kind === "failed") {
        await tx.crossCompanyJob.update({ where: { id: h.id }, data: { status: "failed", error: h.error, finishedAt: new Date() } });
        const job = jobs.find((j) => j.id === h.id);
        sourceAudit.push({ companyId, action: "automations.job_failed", entity: "CrossCompanyJob", entityId: h.id, changes: { rule: ruleById.get(job?.ruleId ?? "")?.name ?? null, error: h.error } });
        continue;
      }
      const [runId] = await sendEvent(tx, {
        name: "automations/cross-job.requested",
        data: { companyId, jobId: h.id },
        trigger: "event",
        idempotencyKey: `cross-job:${h.id}`,
        runAt: h.delayMs > 0 ? new Date(Date.now() + h.delayMs) : null,
      });
      await tx.crossCompanyJob.update({
        where: { id: h.id },
        data: { jobRunId: runId ?? null, ...(h.kind === "retry" ? { status: "retrying", error: h.error } : { status: "queued", attempts: 0, error: null }) },
      });
    }
    if (sourceAudit.length > 0) await tx.auditLog.createMany({ data: sourceAudit.map(auditRow) });
    await tx.sourceEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { processedAt: new Date() } });
  });
  for (const [targetId, rows] of targetAudit) {
    await withTenant(targetId, (tx) => tx.auditLog.createMany({ data: rows.map(auditRow) }));
  }
  lap("finish");
  return { events: events.length, jobs: jobRows.length, documents: succeeded.length, handedOver: handOver.length, dealers };
}

function auditRow(r: TAuditRow): Prisma.AuditLogCreateManyInput {
  return {
    companyId: r.companyId,
    actorId: SYSTEM_ACTOR.userId,
    actorName: SYSTEM_ACTOR.name,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    changes: maskSecrets(r.changes) as Prisma.InputJsonValue,
  };
}

/** One UPDATE for the whole batch (only jobs still unfinished: a job cancelled meanwhile stays cancelled). */
async function markSucceeded(tx: TTx, companyId: string, rows: Array<{ id: string; summary: ReturnType<typeof documentSummary>; payload: TDoc }>) {
  const now = new Date().toISOString();
  const values = rows.map((r) => ({
    id: r.id,
    targetEntityId: String(r.summary.id ?? ""),
    targetHref: r.summary.href,
    targetName: r.summary.name === null ? null : String(r.summary.name),
    payload: r.payload,
    response: r.summary,
    at: now,
  }));
  await tx.$executeRaw`
    UPDATE "CrossCompanyJob" AS j SET
      "status" = 'succeeded', "targetEntityId" = v."targetEntityId", "targetHref" = v."targetHref", "targetName" = v."targetName",
      "payload" = v."payload", "response" = v."response", "error" = NULL, "finishedAt" = v."at", "updatedAt" = v."at"
    FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
      AS v("id" uuid, "targetEntityId" text, "targetHref" text, "targetName" text, "payload" jsonb, "response" jsonb, "at" timestamp)
    WHERE j."id" = v."id" AND j."companyId" = ${companyId}::uuid AND j."status" IN ('queued', 'running')`;
}

/** Splits documents into POSTs of at most `maxItems` documents and `maxPositions` positions. */
function chunksOf<T extends { positions: number }>(items: T[], maxItems: number, maxPositions: number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let positions = 0;
  for (const item of items) {
    if (cur.length > 0 && (cur.length >= maxItems || positions + item.positions > maxPositions)) {
      out.push(cur);
      cur = [];
      positions = 0;
    }
    cur.push(item);
    positions += item.positions;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}
