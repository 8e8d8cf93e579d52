import type { TTx } from "../db";

export type TComparisonCell = {
  quoteItemId: string;
  price: number | null;
  currency: string;
  vatIncluded: boolean | null;
  /** Unit price with VAT (what the comparison and the КП use). */
  grossPrice: number | null;
  leadTimeDays: number | null;
  availability: string | null;
  total: number | null;
};

export type TComparison = {
  suppliers: { id: string; name: string; quoteId: string; validUntil: string | null; terms: string | null; currency: string }[];
  rows: {
    orderItemId: string;
    position: number;
    name: string;
    quantity: number;
    unit: string;
    selectedQuoteItemId: string | null;
    /** by supplier id */
    cells: Record<string, TComparisonCell>;
    bestQuoteItemId: string | null;
  }[];
};

export function grossOf(price: number | null, vatIncluded: boolean | null, vatRatePct: number): number | null {
  if (price === null) return null;
  return vatIncluded === false ? Math.round(price * (1 + vatRatePct / 100) * 100) / 100 : price;
}

/** Items × suppliers: each supplier's latest quote per order line, with gross prices and the cheapest marked. */
export async function loadComparison(tx: TTx, orderId: string, vatRatePct: number): Promise<TComparison> {
  const [items, quotes] = await Promise.all([
    tx.procOrderItem.findMany({ where: { orderId }, orderBy: { position: "asc" } }),
    tx.procQuote.findMany({ where: { orderId }, orderBy: { createdAt: "asc" }, include: { items: true, supplier: { select: { id: true, name: true } } } }),
  ]);
  const latest = new Map<string, (typeof quotes)[number]>();
  for (const q of quotes) latest.set(q.supplierId, q); // later quotes of a supplier replace earlier ones
  const suppliers = [...latest.values()].map((q) => ({ id: q.supplier.id, name: q.supplier.name, quoteId: q.id, validUntil: q.validUntil, terms: q.terms, currency: q.currency }));
  const rows = items.map((item) => {
    const quantity = Number(item.quantity);
    const cells: Record<string, TComparisonCell> = {};
    let best: { id: string; price: number } | null = null;
    for (const q of latest.values()) {
      const qi = q.items.find((x) => x.orderItemId === item.id);
      if (!qi) continue;
      const price = qi.price === null ? null : Number(qi.price);
      const grossPrice = grossOf(price, qi.vatIncluded, vatRatePct);
      cells[q.supplierId] = {
        quoteItemId: qi.id, price, currency: qi.currency, vatIncluded: qi.vatIncluded, grossPrice,
        leadTimeDays: qi.leadTimeDays, availability: qi.availability, total: grossPrice === null ? null : Math.round(grossPrice * quantity * 100) / 100,
      };
      if (grossPrice !== null && (!best || grossPrice < best.price)) best = { id: qi.id, price: grossPrice };
    }
    return {
      orderItemId: item.id, position: item.position, name: item.name, quantity, unit: item.unit,
      selectedQuoteItemId: item.selectedQuoteItemId, cells, bestQuoteItemId: best?.id ?? null,
    };
  });
  return { suppliers, rows };
}
