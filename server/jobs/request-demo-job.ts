import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { sendEvent } from "./send-event";

/** Starts the demo job («Проверка фоновых задач») for the company; returns its JobRun id. */
export async function requestDemoJob(opts: { companyId: string; actor: TActor; note?: string }): Promise<{ id: string }> {
  return withTenant(opts.companyId, async (tx) => {
    const [id] = await sendEvent(tx, {
      name: "platform/demo.ping",
      data: { companyId: opts.companyId, ...(opts.note ? { note: opts.note } : {}) },
      trigger: "manual",
      actor: opts.actor,
    });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "job_run.requested", entity: "JobRun", entityId: id, changes: { type: "platform-demo-ping" } });
    return { id };
  });
}
