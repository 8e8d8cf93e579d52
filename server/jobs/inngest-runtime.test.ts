/**
 * Every definition of the registry also runs on the Inngest runtime (@inngest/test's InngestTestEngine, real
 * PostgreSQL for the JobRun bookkeeping). step.sleep is mocked (an unmocked sleep never resolves there) and
 * sendEvent is spied on (it would really enqueue/send).
 */
import { randomBytes } from "node:crypto";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { Inngest } from "inngest";
import { describe, expect, it, vi } from "vitest";
import type { TJobDefinition } from "../../inngest/define";
import type { TEventName } from "../../inngest/events";

const sent = vi.hoisted(() => ({ calls: [] as unknown[] }));
vi.mock("./send-event", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./send-event")>();
  return {
    ...actual,
    sendEvent: vi.fn(async (_tx: unknown, input: unknown) => {
      sent.calls.push(input);
      return ["00000000-0000-4000-8000-000000000001"];
    }),
  };
});

import { withSystem, withTenant } from "../db";
import { jobDefinitions } from "../../inngest/functions";
import { toInngestFunction } from "./inngest-runtime";
import { AppError } from "../errors";
import { defineJob } from "../../inngest/define";

/** Sample data for every event of the catalog that a registry job listens to (add one per new event). */
const SAMPLE_EVENTS: Partial<Record<TEventName, (companyId: string) => Record<string, unknown>>> = {
  "platform/demo.ping": (companyId) => ({ companyId, note: "inngest", pauseMs: 5_000 }),
  "integrations/check.requested": (companyId) => ({ companyId, kind: "telegram" }),
  "exports/run.requested": (companyId) => ({ companyId, configId: "00000000-0000-4000-8000-000000000000" }),
  "crm/deal.created": (companyId) => ({ companyId, dealId: "00000000-0000-4000-8000-000000000001" }),
  "crm/deal.payment.updated": (companyId) => ({ companyId, dealId: "00000000-0000-4000-8000-000000000001", policyId: "00000000-0000-4000-8000-000000000002", change: "installment.paid" }),
  "crm/deal.payment.income.recorded": (companyId) => ({ companyId, dealId: "00000000-0000-4000-8000-000000000001", policyId: "00000000-0000-4000-8000-000000000002", recordId: "00000000-0000-4000-8000-000000000003", kind: "commission", amount: 100 }),
  "crm/deal.payment.income.deleted": (companyId) => ({ companyId, dealId: "00000000-0000-4000-8000-000000000001", policyId: "00000000-0000-4000-8000-000000000002", recordId: "00000000-0000-4000-8000-000000000003", kind: "commission", amount: 100 }),
  "crm/deal.payment.expense.recorded": (companyId) => ({ companyId, dealId: "00000000-0000-4000-8000-000000000001", policyId: "00000000-0000-4000-8000-000000000002", recordId: "00000000-0000-4000-8000-000000000003", kind: "agent", amount: 100 }),
  "crm/deal.payment.expense.deleted": (companyId) => ({ companyId, dealId: "00000000-0000-4000-8000-000000000001", policyId: "00000000-0000-4000-8000-000000000002", recordId: "00000000-0000-4000-8000-000000000003", kind: "agent", amount: 100 }),
  "crm/deal.payment.income.updated": (companyId) => ({ companyId, dealId: "00000000-0000-4000-8000-000000000001", policyId: "00000000-0000-4000-8000-000000000002", recordId: "00000000-0000-4000-8000-000000000003", changeId: "00000000-0000-4000-8000-000000000004", kind: "commission", amount: 100 }),
  "crm/deal.payment.expense.updated": (companyId) => ({ companyId, dealId: "00000000-0000-4000-8000-000000000001", policyId: "00000000-0000-4000-8000-000000000002", recordId: "00000000-0000-4000-8000-000000000003", changeId: "00000000-0000-4000-8000-000000000004", kind: "agent", amount: 100 }),
  "automations/source-events.pending": (companyId) => ({ companyId }),
  "automations/cross-job.requested": (companyId) => ({ companyId, jobId: "00000000-0000-4000-8000-000000000000" }),
  "automations/reconcile.requested": (companyId) => ({ companyId }),
  "dealers/delivery.requested": (companyId) => ({ companyId, deliveryId: "00000000-0000-4000-8000-000000000000" }),
  "procurement/mailbox.poll.requested": (companyId) => ({ companyId }),
  "procurement/email.received": (companyId) => ({ companyId, mailMessageId: "00000000-0000-4000-8000-000000000000" }),
  "procurement/rfq.send.requested": (companyId) => ({ companyId, rfqId: "00000000-0000-4000-8000-000000000000" }),
  "procurement/telegram.notice.requested": (companyId) => ({ companyId, noticeId: "00000000-0000-4000-8000-000000000000" }),
  "crm/telegram.notice.requested": (companyId) => ({ companyId, noticeId: "00000000-0000-4000-8000-000000000000" }),
};

const client = new Inngest({ id: "pult-test", isDev: true });

function engineFor(def: TJobDefinition, events: [{ name: string; data: Record<string, unknown> }]) {
  return new InngestTestEngine({
    function: toInngestFunction(def, client),
    events: events as never,
    transformCtx: (ctx) => {
      const mocked = mockCtx(ctx) as unknown as { step: { sleep: unknown } };
      mocked.step.sleep = vi.fn(async () => undefined);
      return mocked as never;
    },
  });
}

/** A fresh company per test: the test engine gives every execution a new runId, so runs are found by company. */
async function freshCompany(): Promise<string> {
  const c = await withSystem((tx) => tx.company.create({ data: { name: "ООО Инннджест", slug: `c-${randomBytes(4).toString("hex")}` } }));
  return c.id;
}

async function onlyRun(companyId: string) {
  const runs = await withTenant(companyId, (tx) => tx.jobRun.findMany({ include: { events: { orderBy: { seq: "asc" } } } }));
  expect(runs).toHaveLength(1);
  return runs[0];
}

describe("every registry definition runs on Inngest", () => {
  for (const def of jobDefinitions) {
    it(`${def.id} (${def.kind})`, async () => {
      if (def.kind === "cron") {
        const t = engineFor(def, [{ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } }]);
        const { result, error } = await t.execute();
        expect(error).toBeUndefined();
        expect(result).toBeDefined();
        return;
      }
      const sample = SAMPLE_EVENTS[def.trigger.event];
      if (!sample) throw new Error(`Add a sample event for ${def.trigger.event} to SAMPLE_EVENTS in this test`);
      const companyId = await freshCompany();
      const t = engineFor(def, [{ name: def.trigger.event, data: sample(companyId) }]);
      const { result, error } = await t.execute();
      // With sample data a job may legitimately fail (e.g. nothing configured); JobRun must agree with Inngest.
      const run = await onlyRun(companyId);
      expect(run).toMatchObject({ type: def.id, title: def.title, trigger: "event" });
      if (error === undefined) {
        expect(run).toMatchObject({ status: "succeeded", progress: 100 });
        expect(run.result).toEqual(JSON.parse(JSON.stringify(result ?? null)));
      } else {
        expect(run.status).toBe("failed");
        expect(run.error).toBeTruthy();
        expect(run.events.at(-1)?.level).toBe("error");
      }
    });
  }
});

describe("Inngest bookkeeping", () => {
  it("demo ping: sleeps through step.sleep, writes steps and progress", async () => {
    const def = jobDefinitions.find((d) => d.id === "platform-demo-ping")!;
    const companyId = await freshCompany();
    const t = engineFor(def, [{ name: "platform/demo.ping", data: { companyId, note: "шаги", pauseMs: 60_000 } }]);
    const { ctx, error } = await t.execute();
    expect(error).toBeUndefined();
    expect(ctx.step.sleep).toHaveBeenCalledWith("pause", 60_000);
    const run = await onlyRun(companyId);
    expect(run).toMatchObject({ status: "succeeded", progress: 100, counters: { steps: 3 }, attempts: 1 });
    expect(run.idempotencyKey).toMatch(/^inngest:/);
    const messages = run.events.map((e) => e.message);
    expect(messages).toEqual(expect.arrayContaining(["Шаг «prepare» выполнен", "Пауза «pause»: 60 с", "Шаг «finish» выполнен", "Задача выполнена"]));
  });

  it("uses the JobRun created by sendEvent (data._pult) and sends events through sendEvent", async () => {
    const fan = defineJob({
      id: "test-inngest-fanout",
      title: "Тест: отправка событий (Inngest)",
      trigger: { event: "platform/demo.ping" },
      handler: async ({ event, step }) => step.sendEvent("notify", { name: "platform/demo.ping", data: { companyId: event.data.companyId, note: "child" } }),
    });
    const companyId = await freshCompany();
    const pre = await withTenant(companyId, (tx) =>
      tx.jobRun.create({ data: { companyId, type: fan.id, title: fan.title, trigger: "manual", maxAttempts: 4 } }),
    );
    sent.calls.length = 0;
    const t = engineFor(fan, [{ name: "platform/demo.ping", data: { companyId, _pult: { runs: { [fan.id]: pre.id } } } }]);
    const { result, error } = await t.execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ runIds: ["00000000-0000-4000-8000-000000000001"] });
    expect(sent.calls).toEqual([expect.objectContaining({ name: "platform/demo.ping", trigger: "event", idempotencyKey: `${pre.id}:notify:0` })]);
    const run = await withTenant(companyId, (tx) => tx.jobRun.findFirstOrThrow({ where: { id: pre.id } }));
    expect(run.status).toBe("succeeded");
  });

  it("a permanent error fails the run at once with the reason", async () => {
    const bad = defineJob({
      id: "test-inngest-permanent",
      title: "Тест: постоянная ошибка (Inngest)",
      trigger: { event: "platform/demo.ping" },
      handler: async ({ step }) => step.run("check", () => { throw new AppError("BAD_REQUEST", "Неверный токен amoCRM"); }),
    });
    const companyId = await freshCompany();
    const t = engineFor(bad, [{ name: "platform/demo.ping", data: { companyId } }]);
    const { error } = await t.execute();
    expect(error).toBeDefined();
    const run = await onlyRun(companyId);
    expect(run).toMatchObject({ status: "failed", attempts: 1, error: "Неверный токен amoCRM", errorKind: "BAD_REQUEST" });
    expect(run.events.at(-1)).toMatchObject({ level: "error", message: "Ошибка без повтора: Неверный токен amoCRM" });
  });
});
