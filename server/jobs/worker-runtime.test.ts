/**
 * graphile-worker runtime against a real PostgreSQL (per-file database from server/test/setup-file.ts):
 * event → JobRun → worker → JobRun/JobRunEvent; retries and resume; permanent errors; cancellation; the
 * transactional outbox; idempotency keys; a worker killed mid-run and the stale-run sweeper; tenant isolation.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { TJobDefinition } from "../../inngest/define";
import { withSystem, withTenant } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { demoPing } from "../../inngest/functions/platform/demo-ping";
import { sendEvent, sendEvents } from "./send-event";
import { startWorker } from "./worker-runtime";
import { ensureJobQueueSchema } from "./queue-schema";
import { sweepStaleRuns } from "./sweep-stale-runs";
import { listJobRuns } from "./list-job-runs";
import { getJobRun } from "./get-job-run";
import { cancelJobRun } from "./cancel-job-run";
import { getWorkerHeartbeat } from "./worker-heartbeat";
import * as fx from "./testing/fixtures";

// sendEvent / the sweeper route events through the registry: each test chooses which jobs listen.
const registry = vi.hoisted(() => ({ defs: [] as TJobDefinition[] }));
vi.mock("../../inngest/functions", () => ({ jobDefinitions: registry.defs }));


type TWorker = Awaited<ReturnType<typeof startWorker>>;

const ALL_DEFS: TJobDefinition[] = [
  demoPing, fx.flakyJob, fx.permanentJob, fx.alwaysFailingJob, fx.blockerJob, fx.cancellableJob, fx.sleeperJob, fx.fanoutJob, fx.parallelJob,
];

it("cancels a run parked in a long pause at once", async () => {
  listen(demoPing);
  const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyB.id }, trigger: "manual" });
  await owner.query(`UPDATE "JobRun" SET status = 'running', attempts = 1, "heartbeatAt" = now() + interval '1 hour' WHERE id = $1`, [id]);
  const r = await cancelJobRun({ companyId: companyB.id, actor: actor(), id });
  expect(r.status).toBe("cancelled");
});

function listen(...defs: TJobDefinition[]) {
  registry.defs.length = 0;
  registry.defs.push(...defs);
}

async function createCompany(name: string) {
  return withSystem((tx) => tx.company.create({ data: { name, slug: `c-${randomBytes(4).toString("hex")}` } }));
}

async function createUser() {
  return withSystem((tx) => tx.user.create({ data: { email: `u-${randomBytes(4).toString("hex")}@test.ru`, name: "Админ Тестов", passwordHash: "x" } }));
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function run(companyId: string, id: string) {
  return withTenant(companyId, (tx) => tx.jobRun.findFirstOrThrow({ where: { id } }));
}

async function events(companyId: string, id: string) {
  return (await getJobRun({ companyId, id })).events;
}

async function waitFinished(companyId: string, id: string, timeoutMs = 20_000) {
  return waitFor(`run ${id} to finish`, async () => {
    const r = await run(companyId, id);
    return ["succeeded", "failed", "cancelled"].includes(r.status) ? r : null;
  }, timeoutMs);
}

let owner: pg.Client;
async function graphileJob(runId: string) {
  const r = await owner.query<{ id: string; locked_by: string | null; locked_at: Date | null; attempts: number; max_attempts: number; run_at: Date; queue_name: string | null }>(
    "SELECT id, locked_by, locked_at, attempts, max_attempts, run_at, queue_name FROM graphile_worker.jobs WHERE key = $1", [`pult:run:${runId}`],
  );
  return r.rows[0] ?? null;
}

let companyA: { id: string };
let companyB: { id: string };
let user: { id: string; name: string };
const actor = () => ({ userId: user.id, name: user.name });

beforeAll(async () => {
  await ensureJobQueueSchema();
  owner = new pg.Client({ connectionString: getEnv().DATABASE_URL });
  await owner.connect();
  companyA = await createCompany("ООО Альфа");
  companyB = await createCompany("ООО Бета");
  user = await createUser();
});

afterAll(async () => {
  await owner?.end();
});

beforeEach(() => {
  fx.resetCalls();
});

describe("sendEvent (graphile mode, no worker running)", () => {
  it("creates a queued JobRun and its graphile job in the caller's transaction", async () => {
    listen(demoPing);
    const seen = await withTenant(companyA.id, async (tx) => {
      const ids = await sendEvent(tx, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "manual", actor: actor() });
      const inTx = await tx.jobRun.findFirstOrThrow({ where: { id: ids[0] } });
      const job = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`pult:run:${ids[0]}`}`;
      return { ids, inTx, jobs: Number(job[0].n) };
    });
    expect(seen.ids).toHaveLength(1);
    expect(seen.inTx).toMatchObject({ status: "queued", type: "platform-demo-ping", title: "Проверка фоновых задач", trigger: "manual", createdById: user.id, maxAttempts: 3, progress: 0 });
    expect(seen.jobs).toBe(1);
    const job = await graphileJob(seen.ids[0]);
    expect(job?.queue_name).toBe(`platform-demo-ping:${companyA.id}`); // concurrency { key: companyId, limit: 1 }
  });

  it("rolls back the JobRun and the job together with the business transaction", async () => {
    listen(demoPing);
    let createdId = "";
    await expect(withTenant(companyA.id, async (tx) => {
      [createdId] = await sendEvent(tx, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "event" });
      throw new Error("business failure");
    })).rejects.toThrow("business failure");
    expect(createdId).not.toBe("");
    expect(await withTenant(companyA.id, (tx) => tx.jobRun.count({ where: { id: createdId } }))).toBe(0);
    expect(await graphileJob(createdId)).toBeNull();
  });

  it("deduplicates by idempotency key: one JobRun, one job", async () => {
    listen(demoPing);
    const key = `export-${randomBytes(3).toString("hex")}`;
    const a = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "schedule", idempotencyKey: key });
    const b = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id, note: "again" }, trigger: "schedule", idempotencyKey: key });
    expect(b).toEqual(a);
    expect(await withTenant(companyA.id, (tx) => tx.jobRun.count({ where: { idempotencyKey: key } }))).toBe(1);
    const jobs = await owner.query("SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = $1", [`pult:run:${a[0]}`]);
    expect(jobs.rows[0].n).toBe(1);
    // Another company may use the same key.
    const c = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyB.id }, trigger: "schedule", idempotencyKey: key });
    expect(c[0]).not.toBe(a[0]);
  });

  it("rejects invalid event data and a transaction of another company", async () => {
    listen(demoPing);
    await expect(sendEvent(null, { name: "platform/demo.ping", data: { companyId: "nope" }, trigger: "manual" })).rejects.toBeInstanceOf(AppError);
    await expect(withTenant(companyB.id, (tx) => sendEvent(tx, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "manual" })))
      .rejects.toThrow(/another company/);
  });

  it("sendEvents: a batch of one company's events in a few statements — runs, log lines, jobs as sendEvent makes them; repeated keys add nothing", async () => {
    listen(demoPing);
    const keys = Array.from({ length: 5 }, (_, i) => `batch-${randomBytes(3).toString("hex")}-${i}`);
    const runAt = new Date(Date.now() + 3_600_000);
    await withTenant(companyA.id, (tx) => sendEvents(tx, keys.map((key, i) => ({ name: "platform/demo.ping" as const, data: { companyId: companyA.id, note: `n${i}` }, trigger: "event" as const, idempotencyKey: key, runAt }))));
    // Again, with one new key: only that one is added.
    const extra = `batch-${randomBytes(3).toString("hex")}-x`;
    await withTenant(companyA.id, (tx) => sendEvents(tx, [...keys, extra].map((key) => ({ name: "platform/demo.ping" as const, data: { companyId: companyA.id }, trigger: "event" as const, idempotencyKey: key }))));
    const runs = await withTenant(companyA.id, (tx) => tx.jobRun.findMany({ where: { idempotencyKey: { in: [...keys, extra] } }, include: { events: true } }));
    expect(runs).toHaveLength(6);
    for (const r of runs) {
      expect(r).toMatchObject({ status: "queued", type: "platform-demo-ping", trigger: "event", maxAttempts: 3 });
      expect(r.events.map((e) => e.message)).toEqual(["Задача поставлена в очередь"]);
      const job = await graphileJob(r.id);
      expect(job).toMatchObject({ queue_name: `platform-demo-ping:${companyA.id}`, attempts: 0 });
      if (r.idempotencyKey !== extra) expect(job!.run_at.getTime()).toBe(runAt.getTime());
    }
    expect(runs.find((r) => r.idempotencyKey === keys[2])!.input).toMatchObject({ note: "n2" });
    await expect(withTenant(companyB.id, (tx) => sendEvents(tx, [{ name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "event", idempotencyKey: "k" }])))
      .rejects.toThrow(/another company/);
  });

  it("cancels a queued run at once", async () => {
    listen(demoPing);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "manual", runAt: new Date(Date.now() + 3_600_000) });
    const r = await cancelJobRun({ companyId: companyA.id, actor: actor(), id });
    expect(r.status).toBe("cancelled");
    await expect(cancelJobRun({ companyId: companyA.id, actor: actor(), id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});

describe("graphile worker", () => {
  let worker: TWorker;

  beforeAll(async () => {
    worker = await startWorker({ definitions: ALL_DEFS, cron: false, concurrency: 4, pollInterval: 100, retryBaseMs: 300, inProcessSleepMaxMs: 300 });
  });

  afterAll(async () => {
    await worker?.stop();
  });

  it("runs the demo job: succeeded, progress 100, step events, result", async () => {
    listen(demoPing);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id, note: "привет", pauseMs: 100 }, trigger: "manual", actor: actor() });
    const r = await waitFinished(companyA.id, id);
    expect(r).toMatchObject({ status: "succeeded", progress: 100, attempts: 1, counters: { steps: 3 }, error: null, currentStep: null });
    expect(r.result).toMatchObject({ echo: { note: "привет", length: 6 } });
    expect(r.startedAt).toBeInstanceOf(Date);
    expect(r.finishedAt).toBeInstanceOf(Date);
    const messages = (await events(companyA.id, id)).map((e) => e.message);
    expect(messages[0]).toBe("Задача поставлена в очередь");
    expect(messages).toEqual(expect.arrayContaining([
      "Запуск: попытка 1 из 3", "Шаг «prepare» начат", "Шаг «prepare» выполнен", "Пауза «pause»: 0 с",
      "Шаг «work» выполнен", "Шаг «finish» выполнен", "Задача выполнена",
    ]));
    expect(messages.at(-1)).toBe("Задача выполнена");
    expect(await graphileJob(id)).toBeNull(); // completed jobs leave the queue
  });

  it("live polling returns only newer events", async () => {
    listen(demoPing);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id, pauseMs: 0 }, trigger: "manual" });
    await waitFinished(companyA.id, id);
    const all = await getJobRun({ companyId: companyA.id, id });
    expect(all.finished).toBe(true);
    const cut = all.events[3];
    const tail = await getJobRun({ companyId: companyA.id, id, afterEventId: cut.id });
    expect(tail.events.map((e) => e.id)).toEqual(all.events.slice(4).map((e) => e.id));
    expect(tail.cursor).toBe(all.events.at(-1)!.id);
    const none = await getJobRun({ companyId: companyA.id, id, afterEventId: tail.cursor });
    expect(none.events).toEqual([]);
    expect(none.cursor).toBe(tail.cursor);
  });

  it("retries a temporary error with backoff and resumes without re-running finished steps", async () => {
    listen(fx.flakyJob);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "event" });
    const r = await waitFinished(companyA.id, id);
    expect(r).toMatchObject({ status: "succeeded", attempts: 2, maxAttempts: 3, error: null, progress: 100 });
    expect(fx.calls).toEqual({ "flaky.one": 1, "flaky.two": 2, "flaky.three": 1 });
    expect(r.stepState).toMatchObject({ one: { v: 1 }, two: { v: 2 }, three: { v: 3 } });
    const ev = await events(companyA.id, id);
    const retry = ev.find((e) => e.level === "warn" && e.message.startsWith("Ошибка (попытка 1 из 3), повтор через"));
    expect(retry?.message).toContain("Сеть недоступна (ECONNRESET)");
    expect(ev.some((e) => e.message === "Запуск: попытка 2 из 3, продолжение (уже выполнено шагов: 1)")).toBe(true);
    expect(ev.filter((e) => e.message === "Шаг «one» начат")).toHaveLength(1);
  });

  it("fails at once on a permanent error, with the Russian reason", async () => {
    listen(fx.permanentJob);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "event" });
    const r = await waitFinished(companyA.id, id);
    expect(r).toMatchObject({ status: "failed", attempts: 1, maxAttempts: 4, error: "Нет доступа к МойСклад: проверьте токен", errorKind: "PRECONDITION_FAILED" });
    expect(fx.calls).toEqual({ "permanent.one": 1, "permanent.two": 1 });
    const ev = await events(companyA.id, id);
    expect(ev.at(-1)).toMatchObject({ level: "error", message: "Ошибка без повтора: Нет доступа к МойСклад: проверьте токен" });
    expect(await graphileJob(id)).toBeNull();
  });

  it("fails after the last attempt of a temporary error", async () => {
    listen(fx.alwaysFailingJob);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "event" });
    const r = await waitFinished(companyA.id, id);
    expect(r).toMatchObject({ status: "failed", attempts: 2, maxAttempts: 2, error: "Внутренняя ошибка: Сервис временно недоступен (503)" });
    expect(fx.calls["always.call"]).toBe(2);
    expect((await events(companyA.id, id)).at(-1)?.message).toBe("Попытки исчерпаны (2 из 2): Внутренняя ошибка: Сервис временно недоступен (503)");
  });

  it("cancels a running run before its next step and writes an audit row", async () => {
    listen(fx.cancellableJob);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "manual" });
    await waitFor("the wait step", async () => (await run(companyA.id, id)).currentStep === "wait");
    const afterCancel = await cancelJobRun({ companyId: companyA.id, actor: actor(), id });
    expect(afterCancel.status).toBe("running");
    expect(afterCancel.cancelRequestedAt).toBeInstanceOf(Date);
    const r = await waitFinished(companyA.id, id);
    expect(r.status).toBe("cancelled");
    expect(fx.calls["cancellable.after"]).toBeUndefined();
    const audit = await withTenant(companyA.id, (tx) => tx.auditLog.findFirst({ where: { entity: "JobRun", entityId: id } }));
    expect(audit).toMatchObject({ action: "job_run.cancelled", actorId: user.id });
  });

  it("a long pause ends the execution and resumes from the queue", async () => {
    listen(fx.sleeperJob);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "manual" });
    const parked = await waitFor("the pause", async () => {
      const j = await graphileJob(id);
      return j && !j.locked_at && j.run_at.getTime() > Date.now() + 200 ? j : null;
    });
    expect(parked).toBeTruthy();
    const r = await waitFinished(companyA.id, id);
    expect(r).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(fx.calls).toEqual({ "sleeper.before": 1, "sleeper.after": 1 });
  });

  it("step.sendEvent starts other jobs once, with their own JobRuns", async () => {
    listen(fx.fanoutJob, demoPing);
    const ids = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id, note: "parent", pauseMs: 0 }, trigger: "manual" });
    expect(ids).toHaveLength(2);
    const parent = await waitFinished(companyA.id, ids[0]);
    expect(parent.status).toBe("succeeded");
    const childIds = (parent.result as { runIds: string[] }).runIds;
    expect(childIds).toHaveLength(2);
    for (const cid of childIds) {
      const c = await waitFinished(companyA.id, cid);
      expect(c.status).toBe("succeeded");
      expect(c.trigger).toBe("event");
      expect(c.idempotencyKey).toBe(`${ids[0]}:notify:0`);
    }
  });

  it("memoizes parallel steps (Promise.all)", async () => {
    listen(fx.parallelJob);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "manual" });
    const r = await waitFinished(companyA.id, id);
    expect(r).toMatchObject({ status: "succeeded", result: { sum: 30 } });
    expect(r.stepState).toEqual({ "part-1": { v: 1 }, "part-2": { v: 4 }, "part-3": { v: 9 }, "part-4": { v: 16 } });
    expect(fx.calls).toEqual({ "parallel.1": 1, "parallel.2": 1, "parallel.3": 1, "parallel.4": 1 });
  });

  it("keeps tenants apart in queries", async () => {
    listen(demoPing);
    const [idA] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id, pauseMs: 0 }, trigger: "manual" });
    await waitFinished(companyA.id, idA);
    const listA = await listJobRuns({ companyId: companyA.id, page: 1, pageSize: 200 });
    const listB = await listJobRuns({ companyId: companyB.id, page: 1, pageSize: 200 });
    expect(listA.items.map((r) => r.id)).toContain(idA);
    expect(listB.items.map((r) => r.id)).not.toContain(idA);
    expect(listB.items.every((r) => !listA.items.some((a) => a.id === r.id))).toBe(true);
    expect(listA.total).toBeGreaterThan(listB.total);
    expect(listA.types).toEqual(expect.arrayContaining([{ type: "platform-demo-ping", title: "Проверка фоновых задач" }]));
    const filtered = await listJobRuns({ companyId: companyA.id, status: "failed", page: 1, pageSize: 50 });
    expect(filtered.items.every((r) => r.status === "failed")).toBe(true);
    expect(filtered.items.length).toBeGreaterThan(0);
    await expect(getJobRun({ companyId: companyB.id, id: idA })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(cancelJobRun({ companyId: companyB.id, actor: actor(), id: idA })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("a worker killed mid-run", () => {
  let child: ChildProcess | null = null;
  let worker: TWorker | null = null;

  afterAll(async () => {
    child?.kill("SIGKILL");
    await worker?.stop();
  });

  it("is detected by the sweeper: locks released, run re-queued, resumed from its last finished step", async () => {
    listen(fx.blockerJob);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "manual" });

    // node itself (tsx as a loader), so that SIGKILL hits the worker process and not a wrapper.
    child = spawn(process.execPath, ["--import", "tsx", path.resolve("server/jobs/testing/worker-child.ts")], { stdio: ["ignore", "pipe", "pipe"] });
    const childPid = child.pid!;
    let stderr = "";
    child.stderr?.on("data", (d) => { stderr += String(d); });
    await waitFor("the child worker to block", async () => {
      if (child?.exitCode !== null) throw new Error(`child worker exited: ${stderr}`);
      const r = await run(companyA.id, id);
      return r.status === "running" && r.currentStep === "block";
    }, 60_000);
    const locked = await graphileJob(id);
    expect(locked?.locked_by).toBeTruthy();

    child.kill("SIGKILL"); // no graceful anything
    await new Promise((r) => child!.once("exit", r));
    child = null;
    expect(() => process.kill(childPid, 0)).toThrow(); // really gone

    // Not stale yet: the sweeper leaves it alone.
    expect(await sweepStaleRuns({ runtime: "graphile", staleAfterSeconds: 60 })).toMatchObject({ requeued: [], failed: [] });
    // Pretend 2 minutes passed without a heartbeat.
    await owner.query(`UPDATE "JobRun" SET "heartbeatAt" = now() - interval '120 seconds' WHERE id = $1`, [id]);
    const swept = await sweepStaleRuns({ runtime: "graphile", staleAfterSeconds: 60 });
    expect(swept.requeued).toEqual([id]);
    expect(swept.releasedWorkers).toEqual([locked!.locked_by]);
    const queued = await run(companyA.id, id);
    expect(queued.status).toBe("queued");
    expect(queued.error).toMatch(/^Обработчик остановился во время выполнения \(нет сигнала 1[12]\d с\)$/);
    const job = await graphileJob(id);
    expect(job?.locked_at).toBeNull();
    const queue = await owner.query("SELECT locked_by FROM graphile_worker._private_job_queues WHERE locked_by = $1", [locked!.locked_by]);
    expect(queue.rowCount).toBe(0);

    // A live worker picks it up and continues after "before".
    worker = await startWorker({ definitions: [fx.blockerJob], cron: false, pollInterval: 100 });
    const r = await waitFinished(companyA.id, id);
    expect(r).toMatchObject({ status: "succeeded", attempts: 2, progress: 100 });
    expect(fx.calls).toEqual({ "blocker.block": 1, "blocker.after": 1 }); // "before" ran only in the killed process
    const ev = await events(companyA.id, id);
    expect(ev.filter((e) => e.message === "Шаг «before» начат")).toHaveLength(1);
    expect(ev.filter((e) => e.message === "Шаг «block» начат")).toHaveLength(2);
    const running = await withSystem((tx) => tx.jobRun.count({ where: { status: "running" } }));
    expect(running).toBe(0);
  }, 120_000);

  it("fails a stale run that has no attempts left, with the reason", async () => {
    listen(fx.blockerJob);
    await worker?.stop();
    worker = null;
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyB.id }, trigger: "manual" });
    await owner.query(`UPDATE "JobRun" SET status = 'running', attempts = "maxAttempts", "heartbeatAt" = now() - interval '400 seconds' WHERE id = $1`, [id]);
    const swept = await sweepStaleRuns({ runtime: "graphile", staleAfterSeconds: 300 });
    expect(swept.failed).toEqual([id]);
    const r = await run(companyB.id, id);
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/^Обработчик остановился во время выполнения \(нет сигнала 40\d с\)$/);
    expect(r.finishedAt).toBeInstanceOf(Date);
    expect(await graphileJob(id)).toBeNull();
  });

  it("re-enqueues a queued run whose graphile job was lost", async () => {
    listen(fx.blockerJob);
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyB.id }, trigger: "manual" });
    await owner.query("DELETE FROM graphile_worker._private_jobs WHERE key = $1", [`pult:run:${id}`]);
    await owner.query(`UPDATE "JobRun" SET "updatedAt" = now() - interval '1 hour' WHERE id = $1`, [id]);
    const swept = await sweepStaleRuns({ runtime: "graphile", staleAfterSeconds: 60 });
    expect(swept.requeued).toContain(id);
    expect(await graphileJob(id)).not.toBeNull();
  });
});

describe("graceful stop", () => {
  it("stops a running job at a step boundary, re-queues it and resumes it without repeating steps", async () => {
    listen(fx.stepperJob);
    const first = await startWorker({ definitions: [fx.stepperJob], cron: false, pollInterval: 100, shutdownAbortMs: 300 });
    const [id] = await sendEvent(null, { name: "platform/demo.ping", data: { companyId: companyA.id }, trigger: "manual" });
    await waitFor("step s2", async () => (await run(companyA.id, id)).currentStep === "s2");
    await first.stop();
    const stopped = await run(companyA.id, id);
    expect(stopped).toMatchObject({ status: "queued", heartbeatAt: null });
    expect((await events(companyA.id, id)).at(-1)?.message).toBe("Обработчик останавливается: задача продолжится после перезапуска");

    const second = await startWorker({ definitions: [fx.stepperJob], cron: false, pollInterval: 100 });
    try {
      const r = await waitFinished(companyA.id, id);
      expect(r).toMatchObject({ status: "succeeded", attempts: 1, progress: 100 });
      expect(Object.values(fx.calls).every((n) => n === 1)).toBe(true);
      expect(Object.keys(fx.calls)).toHaveLength(10);
    } finally {
      await second.stop();
    }
  }, 60_000);
});

describe("worker heartbeat", () => {
  it("is read from graphile's crontab bookkeeping", async () => {
    await owner.query(
      `INSERT INTO graphile_worker._private_known_crontabs (identifier, known_since, last_execution) VALUES ('platform-sweep-stale-runs', now(), now())
       ON CONFLICT (identifier) DO UPDATE SET last_execution = now()`,
    );
    const at = await getWorkerHeartbeat();
    expect(at).toBeInstanceOf(Date);
    expect(Date.now() - at!.getTime()).toBeLessThan(10_000);
  });
});
