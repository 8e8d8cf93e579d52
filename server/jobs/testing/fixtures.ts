/**
 * Job definitions used only by the runtime tests (they reuse the "platform/demo.ping" event). `calls` counts
 * how often each step body really ran in this process.
 */
import { defineJob } from "../../../inngest/define";
import { AppError } from "../../errors";

export const calls: Record<string, number> = {};
const hit = (key: string) => { calls[key] = (calls[key] ?? 0) + 1; };

export function resetCalls(): void {
  for (const k of Object.keys(calls)) delete calls[k];
}

/** Fails its second step once with a temporary error, then succeeds. */
export const flakyJob = defineJob({
  id: "test-flaky",
  title: "Тест: временная ошибка",
  trigger: { event: "platform/demo.ping" },
  retries: 2,
  handler: async ({ step, run }) => {
    await step.run("one", () => { hit("flaky.one"); return 1; });
    await run.progress(30, { done: 1 });
    await step.run("two", () => {
      hit("flaky.two");
      if (run.attempt === 1) throw new Error("Сеть недоступна (ECONNRESET)");
      return 2;
    });
    await step.run("three", () => { hit("flaky.three"); return 3; });
    return { ok: true };
  },
});

/** A permanent error in the second step. */
export const permanentJob = defineJob({
  id: "test-permanent",
  title: "Тест: постоянная ошибка",
  trigger: { event: "platform/demo.ping" },
  retries: 3,
  handler: async ({ step }) => {
    await step.run("one", () => { hit("permanent.one"); return 1; });
    await step.run("two", () => {
      hit("permanent.two");
      throw new AppError("PRECONDITION_FAILED", "Нет доступа к МойСклад: проверьте токен");
    });
    return null;
  },
});

/** Always fails temporarily: exhausts its attempts. */
export const alwaysFailingJob = defineJob({
  id: "test-always-failing",
  title: "Тест: исчерпание попыток",
  trigger: { event: "platform/demo.ping" },
  retries: 1,
  handler: async ({ step }) => {
    await step.run("call", () => { hit("always.call"); throw new Error("Сервис временно недоступен (503)"); });
  },
});

/**
 * "before" → "block" → "after". While `globalThis.__pultTestBlock` is true (set by the child worker process),
 * "block" hangs for ten minutes, so the process can be killed mid-run.
 */
export const blockerJob = defineJob({
  id: "test-blocker",
  title: "Тест: прерванный обработчик",
  trigger: { event: "platform/demo.ping" },
  retries: 2,
  handler: async ({ step, run }) => {
    await step.run("before", () => { hit("blocker.before"); return "ok"; });
    await run.progress(50);
    await step.run("block", async () => {
      hit("blocker.block");
      if ((globalThis as { __pultTestBlock?: boolean }).__pultTestBlock) await new Promise((r) => setTimeout(r, 600_000));
      return "unblocked";
    });
    await step.run("after", () => { hit("blocker.after"); return "ok"; });
    return { finished: true };
  },
});

/** Waits in a step until cancellation is requested; "after" must never run. */
export const cancellableJob = defineJob({
  id: "test-cancellable",
  title: "Тест: отмена",
  trigger: { event: "platform/demo.ping" },
  retries: 0,
  handler: async ({ step, run }) => {
    await step.run("wait", async () => {
      hit("cancellable.wait");
      for (let i = 0; i < 200 && !(await run.isCancelRequested()); i++) await new Promise((r) => setTimeout(r, 50));
      return null;
    });
    await step.run("after", () => { hit("cancellable.after"); return null; });
  },
});

/** A long pause (longer than the in-process limit the test gives the worker): resumes from the queue. */
export const sleeperJob = defineJob({
  id: "test-sleeper",
  title: "Тест: длинная пауза",
  trigger: { event: "platform/demo.ping" },
  retries: 0,
  handler: async ({ step }) => {
    await step.run("before", () => { hit("sleeper.before"); return Date.now(); });
    await step.sleep("nap", 1_500);
    await step.run("after", () => { hit("sleeper.after"); return Date.now(); });
    return { slept: true };
  },
});

/** Fans out: a "parent" ping sends one "child" ping through step.sendEvent. */
export const fanoutJob = defineJob({
  id: "test-fanout",
  title: "Тест: отправка событий",
  trigger: { event: "platform/demo.ping" },
  retries: 1,
  handler: async ({ event, step }) => {
    if (event.data.note !== "parent") return { skipped: true };
    const sent = await step.sendEvent("notify", { name: "platform/demo.ping", data: { companyId: event.data.companyId, note: "child", pauseMs: 0 } });
    return sent;
  },
});

/** Ten short steps: long enough to be interrupted by a graceful stop. */
export const stepperJob = defineJob({
  id: "test-stepper",
  title: "Тест: остановка обработчика",
  trigger: { event: "platform/demo.ping" },
  retries: 0,
  handler: async ({ step, run }) => {
    for (let i = 1; i <= 10; i++) {
      await step.run(`s${i}`, async () => { hit(`stepper.s${i}`); await new Promise((r) => setTimeout(r, 250)); return i; });
      await run.progress(i * 10);
    }
    return { steps: 10 };
  },
});

/** Parallel steps (Promise.all): every result is memoized. */
export const parallelJob = defineJob({
  id: "test-parallel",
  title: "Тест: параллельные шаги",
  trigger: { event: "platform/demo.ping" },
  retries: 0,
  handler: async ({ step }) => {
    const parts = await Promise.all([1, 2, 3, 4].map((i) => step.run(`part-${i}`, async () => {
      hit(`parallel.${i}`);
      await new Promise((r) => setTimeout(r, 20 * (5 - i)));
      return i * i;
    })));
    return { sum: parts.reduce((a, b) => a + b, 0) };
  },
});
