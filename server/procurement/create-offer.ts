import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { nextNumber } from "./numbering";
import { ensureProcSettings } from "./settings";
import { loadComparison } from "./get-comparison";
import { renderOfferPdf, type TOfferLine } from "./offer-pdf";

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Generates the commercial offer `КП-YYYY-NNNN`: for every line the chosen supplier's price (or the cheapest
 * when none was chosen), plus the markup; VAT included; the PDF is stored with a frozen copy of the lines.
 */
export async function createOffer(opts: { companyId: string; actor: TActor; orderId: string; markupPct: number }) {
  const { companyId, actor, orderId } = opts;
  if (!(opts.markupPct >= 0 && opts.markupPct <= 500)) throw new AppError("BAD_REQUEST", "Наценка должна быть от 0 до 500 %");
  return withTenant(companyId, async (tx) => {
    const order = await tx.procOrder.findUnique({ where: { id: orderId }, include: { client: true } });
    if (!order) throw new AppError("NOT_FOUND", "Заявка не найдена");
    const settings = await ensureProcSettings(tx, companyId);
    const company = await tx.company.findUniqueOrThrow({ where: { id: companyId }, select: { name: true, inn: true } });
    const vatRatePct = Number(settings.vatRatePct);
    const comparison = await loadComparison(tx, orderId, vatRatePct);
    const lines: TOfferLine[] = [];
    const missing: number[] = [];
    for (const row of comparison.rows) {
      const chosenId = row.selectedQuoteItemId ?? row.bestQuoteItemId;
      const cell = Object.values(row.cells).find((c) => c.quoteItemId === chosenId && c.grossPrice !== null);
      if (!cell) {
        missing.push(row.position);
        continue;
      }
      if (cell.currency !== "RUB") throw new AppError("BAD_REQUEST", `Позиция ${row.position}: цена в ${cell.currency}, КП формируется в рублях`);
      const item = await tx.procOrderItem.findUniqueOrThrow({ where: { id: row.orderItemId } });
      const price = round2(cell.grossPrice! * (1 + opts.markupPct / 100));
      lines.push({
        position: lines.length + 1, name: item.name, brand: item.brand, article: item.article, quantity: row.quantity, unit: row.unit,
        price, total: round2(price * row.quantity), leadTimeDays: cell.leadTimeDays,
      });
    }
    if (lines.length === 0) throw new AppError("BAD_REQUEST", "Нет позиций с ценой поставщика: дождитесь ответов или выберите поставщиков");
    const total = round2(lines.reduce((s, l) => s + l.total, 0));
    const vatAmount = round2((total * vatRatePct) / (100 + vatRatePct));
    const now = new Date();
    const validUntil = new Date(now.getTime() + settings.offerValidityDays * 86_400_000);
    const number = await nextNumber(tx, companyId, "КП", now);
    const pdf = await renderOfferPdf({
      number, date: now, validUntil, orderNumber: order.number, lines, total, vatRatePct, vatAmount,
      seller: {
        name: settings.legalName || company.name, inn: settings.inn || company.inn || "", kpp: settings.kpp, address: settings.address,
        phone: settings.phone, email: settings.email, bankDetails: settings.bankDetails,
      },
      client: order.client ? { name: order.client.name, email: order.client.email, inn: order.client.inn } : null,
    });
    const offer = await tx.procOffer.create({
      data: {
        companyId, orderId, number, markupPct: opts.markupPct, vatRatePct, total, validUntil,
        lines: JSON.parse(JSON.stringify(lines)), pdf: new Uint8Array(pdf),
      },
      select: { id: true, number: true, total: true },
    });
    await tx.procOrder.update({ where: { id: orderId }, data: { markupPct: opts.markupPct } });
    await writeAudit(tx, companyId, actor, {
      action: "procurement.offer.created",
      entity: "ProcOrder",
      entityId: orderId,
      changes: { offerId: offer.id, number, markupPct: opts.markupPct, total, lines: lines.length, withoutPrice: missing },
    });
    return { id: offer.id, number, total, withoutPrice: missing };
  });
}
