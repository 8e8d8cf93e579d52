import { withTenant } from "../db";
import { AppError } from "../errors";
import { ensureProcSettings } from "./settings";
import { loadComparison } from "./get-comparison";
import { sanitizeHtml } from "./mail/parse-mail";
import { suggestSuppliersTx } from "./suggest-suppliers";

/** Everything the order page shows: items, source email (sanitized), RFQs, comparison, offers, history. */
export async function getOrder(opts: { companyId: string; orderId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const order = await tx.procOrder.findUnique({
      where: { id: opts.orderId },
      include: {
        client: true,
        items: { orderBy: { position: "asc" } },
        rfqs: { orderBy: { createdAt: "asc" }, include: { supplier: { select: { id: true, name: true, email: true } } } },
        offers: { orderBy: { createdAt: "desc" }, select: { id: true, number: true, total: true, markupPct: true, validUntil: true, sentAt: true, sentTo: true, sendError: true, createdAt: true } },
      },
    });
    if (!order) throw new AppError("NOT_FOUND", "Заявка не найдена");
    const settings = await ensureProcSettings(tx, opts.companyId);
    const source = order.sourceMessageId
      ? await tx.procMailMessage.findUnique({
          where: { id: order.sourceMessageId },
          select: {
            id: true, fromAddress: true, fromName: true, toAddresses: true, subject: true, sentAt: true, text: true, html: true, processError: true,
            attachments: { select: { id: true, filename: true, contentType: true, size: true, skippedReason: true } },
          },
        })
      : null;
    const replies = await tx.procMailMessage.findMany({
      where: { orderId: order.id, kind: "supplier_reply" },
      orderBy: { createdAt: "asc" },
      select: { id: true, fromAddress: true, subject: true, text: true, rfqId: true, createdAt: true, processError: true },
    });
    const history = await tx.auditLog.findMany({
      where: { entity: "ProcOrder", entityId: order.id },
      orderBy: { createdAt: "asc" },
      select: { id: true, action: true, actorName: true, changes: true, createdAt: true },
    });
    const comparison = await loadComparison(tx, order.id, Number(settings.vatRatePct));
    const suggestions = await suggestSuppliersTx(tx, order.id);
    return {
      ...order,
      markupPct: Number(order.markupPct),
      items: order.items.map((i) => ({ ...i, quantity: Number(i.quantity) })),
      offers: order.offers.map((o) => ({ ...o, total: Number(o.total), markupPct: Number(o.markupPct) })),
      source: source ? { ...source, html: source.html ? sanitizeHtml(source.html) : null } : null,
      replies,
      history,
      comparison,
      suggestions,
      vatRatePct: Number(settings.vatRatePct),
    };
  });
}
