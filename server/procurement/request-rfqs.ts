import { randomBytes, randomUUID } from "node:crypto";
import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { sendEvent } from "../jobs/send-event";
import type { TActor } from "../tenancy/roles";

const TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newRfqToken(): string {
  const bytes = randomBytes(6);
  return [...bytes].map((b) => TOKEN_ALPHABET[b % TOKEN_ALPHABET.length]).join("");
}

export function newMessageId(fromAddress: string, token: string): string {
  const domain = fromAddress.split("@")[1] || "pult.local";
  return `<rfq.${token.toLowerCase()}.${randomUUID()}@${domain}>`;
}

/**
 * Creates one request for quotation per chosen supplier (own token and Message-ID each) and queues its
 * sending in the same transaction. A supplier already asked about this order (and not failed) is skipped.
 */
export async function requestRfqs(opts: { companyId: string; actor: TActor; orderId: string; supplierIds: string[] }) {
  const { companyId, actor, orderId } = opts;
  if (opts.supplierIds.length === 0) throw new AppError("BAD_REQUEST", "Выберите хотя бы одного поставщика");
  return withTenant(companyId, async (tx) => {
    const order = await tx.procOrder.findUnique({ where: { id: orderId }, include: { items: { select: { id: true } }, rfqs: { select: { supplierId: true, status: true } } } });
    if (!order) throw new AppError("NOT_FOUND", "Заявка не найдена");
    if (order.items.length === 0) throw new AppError("BAD_REQUEST", "В заявке нет позиций: добавьте их перед запросом цен");
    if (["won", "lost", "cancelled"].includes(order.status)) throw new AppError("BAD_REQUEST", "Заявка закрыта");
    const suppliers = await tx.procSupplier.findMany({ where: { id: { in: opts.supplierIds }, active: true } });
    if (suppliers.length !== new Set(opts.supplierIds).size) throw new AppError("BAD_REQUEST", "Поставщик не найден или отключён");
    const mail = await tx.integrationConfig.findUnique({ where: { companyId_kind: { companyId, kind: "mail" } }, select: { settings: true } });
    if (!mail) throw new AppError("PRECONDITION_FAILED", "Почта не настроена: откройте «Настройки → Интеграции»");
    const fromAddress = String((mail.settings as Record<string, unknown>).fromAddress ?? "");
    const created: string[] = [];
    for (const s of suppliers) {
      if (order.rfqs.some((r) => r.supplierId === s.id && r.status !== "failed")) continue;
      const token = newRfqToken();
      const rfq = await tx.procRfq.create({
        data: { companyId, orderId, supplierId: s.id, token, messageId: newMessageId(fromAddress, token), status: "queued" },
      });
      await sendEvent(tx, {
        name: "procurement/rfq.send.requested",
        data: { companyId, rfqId: rfq.id },
        trigger: "manual",
        actor,
        idempotencyKey: `rfq:${rfq.id}`,
      });
      created.push(rfq.id);
      await writeAudit(tx, companyId, actor, {
        action: "procurement.rfq.requested",
        entity: "ProcOrder",
        entityId: orderId,
        changes: { rfqId: rfq.id, supplier: s.name, email: s.email, token },
      });
    }
    if (created.length > 0) {
      await tx.procOrder.updateMany({ where: { id: orderId, status: { in: ["new", "needs_review"] } }, data: { status: "rfq_sent" } });
    }
    return { created: created.length, skipped: suppliers.length - created.length };
  });
}
