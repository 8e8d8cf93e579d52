import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../../db";
import { ensureJobQueueSchema } from "../../jobs/queue-schema";
import { createProcurementCompany, desk, fixture, startMailLab, type TMailLab } from "../testing";
import { startMailWatchers } from "./start-mail-watchers";

let lab: TMailLab;
beforeAll(async () => {
  await ensureJobQueueSchema();
  lab = await startMailLab();
});
afterAll(() => lab?.stop());

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("IMAP IDLE watchers", () => {
  it("queue a mailbox poll as soon as a message arrives (Dovecot IDLE)", async () => {
    const company = await createProcurementCompany(lab, { mailbox: desk(7) });
    const polls = () => withTenant(company.id, (tx) => tx.jobRun.count({ where: { type: "procurement-mail-poll" } }));
    const watchers = startMailWatchers({ refreshMs: 60_000, debounceMs: 50 });
    try {
      // The first connection catches up once (a poll for whatever arrived while nobody listened).
      const initial = await waitFor(polls, (n) => n >= 1);
      expect(initial).toBe(1);
      // No worker here: as if it ran that poll (a poll still queued would read the new message too, so a
      // wake-up while one is queued adds none).
      await withTenant(company.id, (tx) => tx.jobRun.updateMany({ where: { type: "procurement-mail-poll" }, data: { status: "succeeded" } }));
      await new Promise((r) => setTimeout(r, 500)); // IDLE established
      await lab.imap.deliver(desk(7).username, fixture("client-plain-utf8.eml"));
      expect(await waitFor(polls, (n) => n >= 2)).toBe(2);
    } finally {
      await watchers.stop();
    }
  });
});
