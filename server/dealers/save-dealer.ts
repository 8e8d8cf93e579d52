import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { syncWebhooks } from "../automations/sync-webhooks";

export type TDealerInput = { name: string; phone?: string | null; counterpartyIds: string[]; salesPointIds: string[] };

/** Creates or edits a dealer (name, phone, bindings to MoySklad counterparties and sales points). */
export async function saveDealer(opts: { companyId: string; actor: TActor; id?: string | null } & TDealerInput) {
  const data = {
    name: opts.name.trim(),
    phone: opts.phone?.trim() || null,
    counterpartyIds: [...new Set(opts.counterpartyIds)],
    salesPointIds: [...new Set(opts.salesPointIds)],
  };
  if (data.counterpartyIds.length + data.salesPointIds.length === 0) {
    throw new AppError("BAD_REQUEST", "Привяжите дилера хотя бы к одному контрагенту или точке продаж", { fieldErrors: { counterpartyIds: "Выберите контрагента" } });
  }
  const row = await withTenant(opts.companyId, async (tx) => {
    if (opts.id) {
      const before = await tx.dealer.findUnique({ where: { id: opts.id } });
      if (!before) throw new AppError("NOT_FOUND", "Дилер не найден");
      const updated = await tx.dealer.update({ where: { id: opts.id }, data });
      await writeAudit(tx, opts.companyId, opts.actor, { action: "dealers.updated", entity: "Dealer", entityId: opts.id, changes: { before: { name: before.name, phone: before.phone, counterpartyIds: before.counterpartyIds, salesPointIds: before.salesPointIds }, after: data } });
      return updated;
    }
    const created = await tx.dealer.create({ data: { companyId: opts.companyId, ...data } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "dealers.created", entity: "Dealer", entityId: created.id, changes: data });
    return created;
  });
  // Dealers need the order / payment / shipment webhooks of the company's MoySklad.
  const sync = opts.id ? null : await syncWebhooks({ companyId: opts.companyId });
  return { id: row.id, webhookError: sync?.error ?? null };
}

/** Admin pauses / resumes a dealer; a dealer paused by an admin cannot resume himself with /start. */
export async function setDealerPaused(opts: { companyId: string; actor: TActor; id: string; paused: boolean }) {
  const row = await withTenant(opts.companyId, async (tx) => {
    const dealer = await tx.dealer.findUnique({ where: { id: opts.id } });
    if (!dealer) throw new AppError("NOT_FOUND", "Дилер не найден");
    const status = opts.paused ? "paused" : dealer.telegramChatId ? (dealer.blockedAt ? "blocked" : "active") : "pending";
    const updated = await tx.dealer.update({ where: { id: dealer.id }, data: { status, pausedBy: opts.paused ? "admin" : null } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: opts.paused ? "dealers.paused" : "dealers.resumed", entity: "Dealer", entityId: dealer.id, changes: { name: dealer.name, status: { from: dealer.status, to: status } } });
    return updated;
  });
  await syncWebhooks({ companyId: opts.companyId });
  return { id: row.id, status: row.status };
}

export async function deleteDealer(opts: { companyId: string; actor: TActor; id: string }) {
  await withTenant(opts.companyId, async (tx) => {
    const dealer = await tx.dealer.findUnique({ where: { id: opts.id } });
    if (!dealer) throw new AppError("NOT_FOUND", "Дилер не найден");
    await tx.dealer.delete({ where: { id: dealer.id } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "dealers.deleted", entity: "Dealer", entityId: dealer.id, changes: { name: dealer.name } });
  });
  return { ok: true };
}
