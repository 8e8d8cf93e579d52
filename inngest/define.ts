/**
 * The one way to write a background job, in Inngest's model. A definition is plain data + a handler; the
 * runtimes (graphile-worker: server/jobs/worker-runtime.ts, Inngest: server/jobs/inngest-runtime.ts) run it
 * and do all JobRun / JobRunEvent bookkeeping — a handler never writes them itself.
 *
 *   export const checkIntegration = defineJob({
 *     id: "integrations-check",
 *     title: "Проверка подключения",
 *     trigger: { event: "integrations/check.requested" },
 *     concurrency: { key: "companyId", limit: 1 },
 *     retries: 3,
 *     handler: async ({ event, step, run }) => {
 *       const cfg = await step.run("load-config", () => loadConfig(event.data));
 *       await run.progress(50);
 *       return step.run("ping", () => ping(cfg));
 *     },
 *   });
 *
 * Rules for handlers:
 * - Side effects go inside `step.run(id, fn)`: a finished step is never run again for the same run (its JSON
 *   result is memoized), so a retried or resumed run continues where it stopped. Step ids are stable strings.
 * - Step results are JSON (Dates become strings, undefined becomes null).
 * - Code between steps may run more than once (always on Inngest): keep it pure. `run.log` outside a step can
 *   therefore repeat on Inngest; prefer logging inside steps.
 * - Throw an error with `retryable = false` (or AppError BAD_REQUEST / PRECONDITION_FAILED, UpstreamError
 *   auth/forbidden/invalid_config) for permanent failures: the run fails at once with the error's Russian
 *   message. Anything else is retried with exponential backoff up to `retries`.
 * - Cron jobs are system-level (no company, no JobRun row): they fan out with `step.sendEvent` to tenant jobs.
 */
import type { TEventData, TEventName, TOutgoingEvent } from "./events";

export type TJobRuntimeName = "graphile" | "inngest";
export type TJobLogLevel = "debug" | "info" | "warn" | "error";

/** The JSON shape a value takes after being persisted (what `step.run` returns). */
export type TJsonified<T> = T extends Date
  ? string
  : T extends undefined | void
    ? null
    : T extends string | number | boolean | null
      ? T
      : T extends readonly (infer U)[]
        ? TJsonified<U>[]
        : T extends object
          ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: TJsonified<T[K]> }
          : never;

export type TStepTools = {
  /** Runs `fn` once per run; on retry/resume the memoized JSON result is returned instead. */
  run<T>(id: string, fn: () => T | Promise<T>): Promise<TJsonified<Awaited<T>>>;
  /** Pauses the run (durable: a restart does not restart the pause). */
  sleep(id: string, ms: number): Promise<void>;
  /** Sends events (once per run) and returns the ids of the JobRuns they created. */
  sendEvent(id: string, events: TOutgoingEvent | readonly TOutgoingEvent[]): Promise<{ runIds: string[] }>;
};

export type TRunContext<TCompany extends string | null = string> = {
  /** JobRun id (tenant jobs); the runtime's own run id for system cron jobs. */
  id: string;
  companyId: TCompany;
  runtime: TJobRuntimeName;
  /** 1-based attempt number. */
  attempt: number;
  /** Sets progress 0–100 and merges `counters` into JobRun.counters. */
  progress(pct: number, counters?: Record<string, number>): Promise<void>;
  /** Adds a line to the run's live log (JobRunEvent). */
  log(message: string, data?: unknown, level?: TJobLogLevel): Promise<void>;
  /** True once a user asked to cancel; the runtime also stops the run before its next step. */
  isCancelRequested(): Promise<boolean>;
};

export type TEventJobContext<N extends TEventName> = {
  event: { name: N; data: TEventData<N> };
  step: TStepTools;
  run: TRunContext<string>;
};

export type TCronJobContext = {
  event: { name: "cron"; data: { ts: string } };
  step: TStepTools;
  run: TRunContext<null>;
};

type TBase = {
  /** Stable id, kebab-case: the graphile task identifier and the Inngest function id. Never rename. */
  id: string;
  /** Russian title shown on the job-runs page. */
  title: string;
  /** Retries after the first attempt (0–20, default 3). */
  retries?: number;
};

export type TConcurrency = {
  /** A field of the event data (e.g. "companyId", "accountId"): runs with the same value share the limit. */
  key: string;
  limit: number;
};

export type TEventJobInput<N extends TEventName> = TBase & {
  trigger: { event: N };
  /** limit 1 → a serial queue per key value (graphile) / Inngest concurrency key; limit > 1 applies on Inngest only. */
  concurrency?: TConcurrency;
  handler: (ctx: TEventJobContext<N>) => Promise<unknown>;
};

export type TCronJobInput = TBase & {
  /** A cron expression, or a function returning one (read lazily, e.g. from getEnv()). */
  trigger: { cron: string | (() => string) };
  handler: (ctx: TCronJobContext) => Promise<unknown>;
};

export type TJobDefinition =
  | (Required<Pick<TBase, "retries">> & Omit<TEventJobInput<TEventName>, "retries" | "handler"> & {
      kind: "event";
      handler: (ctx: TEventJobContext<TEventName>) => Promise<unknown>;
    })
  | (Required<Pick<TBase, "retries">> & Omit<TCronJobInput, "retries"> & { kind: "cron" });

export type TEventJobDefinition = Extract<TJobDefinition, { kind: "event" }>;
export type TCronJobDefinition = Extract<TJobDefinition, { kind: "cron" }>;

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const DEFAULT_RETRIES = 3;

export function defineJob<const N extends TEventName>(input: TEventJobInput<N>): TEventJobDefinition;
export function defineJob(input: TCronJobInput): TCronJobDefinition;
export function defineJob(input: TEventJobInput<TEventName> | TCronJobInput): TJobDefinition {
  if (!ID_RE.test(input.id)) throw new Error(`defineJob: id "${input.id}" must be kebab-case`);
  const retries = input.retries ?? DEFAULT_RETRIES;
  if (!Number.isInteger(retries) || retries < 0 || retries > 20) throw new Error(`defineJob(${input.id}): retries must be 0..20`);
  if ("event" in input.trigger) {
    const c = (input as TEventJobInput<TEventName>).concurrency;
    if (c && (!Number.isInteger(c.limit) || c.limit < 1)) throw new Error(`defineJob(${input.id}): concurrency.limit must be ≥ 1`);
    // The handler is typed for its own event N; the registry holds it under the union of all events.
    return { ...input, retries, kind: "event" } as unknown as TEventJobDefinition;
  }
  return { ...(input as TCronJobInput), retries, kind: "cron" };
}

export function cronOf(def: TCronJobDefinition): string {
  const c = def.trigger.cron;
  return typeof c === "function" ? c() : c;
}
