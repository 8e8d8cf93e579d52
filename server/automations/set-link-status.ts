import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { isLinkActive, partnerOf } from "./link-access";

const ACTION_LABEL = { pause: "приостановлена", resume: "возобновлена", revoke: "разорвана" } as const;

/**
 * Pause / resume / revoke a link from either side. Pausing or revoking stops every rule over the link at
 * once (the worker checks the link before each run). Only the side that paused may resume; a revoked link
 * is re-created by confirming it again from both sides.
 */
export async function setLinkStatus(opts: { companyId: string; actor: TActor; linkId: string; action: "pause" | "resume" | "revoke" }) {
  const updated = await withTenant(opts.companyId, async (tx) => {
    const link = await tx.companyLink.findUnique({ where: { id: opts.linkId } });
    if (!link) throw new AppError("NOT_FOUND", "Связь не найдена");
    if (link.status === "revoked") throw new AppError("PRECONDITION_FAILED", "Связь разорвана: чтобы восстановить её, обе стороны должны включить её заново");
    let status: "pending" | "active" | "paused" | "revoked" = link.status;
    if (opts.action === "pause") {
      if (link.status === "paused") return link;
      status = "paused";
    } else if (opts.action === "resume") {
      if (link.status !== "paused") throw new AppError("PRECONDITION_FAILED", "Связь не приостановлена");
      if (link.statusCompanyId && link.statusCompanyId !== opts.companyId) {
        throw new AppError("FORBIDDEN", "Связь приостановлена партнёром — возобновить её может только он");
      }
      status = link.aEnabled && link.bEnabled ? "active" : "pending";
    } else {
      status = "revoked";
    }
    const row = await tx.companyLink.update({
      where: { id: link.id },
      data: { status, statusChangedAt: new Date(), statusChangedById: opts.actor.userId, statusChangedBy: opts.actor.name, statusCompanyId: opts.companyId },
    });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: `automations.link_${opts.action}`, entity: "CompanyLink", entityId: link.id,
      changes: { status: { from: link.status, to: status } },
    });
    return row;
  });
  const partnerId = partnerOf(updated, opts.companyId);
  await withTenant(partnerId, (tx) => writeAudit(tx, partnerId, opts.actor, {
    action: `automations.link_${opts.action}_by_partner`, entity: "CompanyLink", entityId: updated.id,
    changes: { partnerCompanyId: opts.companyId, status: updated.status, note: `Связь ${ACTION_LABEL[opts.action]} партнёром` },
  }));
  return { id: updated.id, status: updated.status, active: isLinkActive(updated) };
}
