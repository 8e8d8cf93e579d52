import type { TTx } from "../db";

export type TSupplierSuggestion = { id: string; name: string; email: string; score: number; reasons: string[]; alreadyAsked: boolean };

const norm = (s: string) => s.toLowerCase().replace(/ё/g, "е").trim();

/**
 * Suppliers ranked for an order: brands they carry (+3 per item), categories matching item names (+2),
 * and their history — answered requests before (+1 each, up to 3). Suppliers already asked are flagged.
 */
export async function suggestSuppliersTx(tx: TTx, orderId: string): Promise<TSupplierSuggestion[]> {
  const [items, suppliers, asked, answered] = await Promise.all([
    tx.procOrderItem.findMany({ where: { orderId }, select: { name: true, brand: true } }),
    tx.procSupplier.findMany({ where: { active: true }, orderBy: { name: "asc" }, take: 500 }),
    tx.procRfq.findMany({ where: { orderId, status: { not: "failed" } }, select: { supplierId: true } }),
    tx.procRfq.groupBy({ by: ["supplierId"], where: { status: "answered" }, _count: { _all: true } }),
  ]);
  const answeredBy = new Map(answered.map((a) => [a.supplierId, a._count._all]));
  const askedSet = new Set(asked.map((a) => a.supplierId));
  return suppliers
    .map((s) => {
      let score = 0;
      const reasons = new Set<string>();
      const brands = s.brands.map(norm);
      const categories = s.categories.map(norm).filter(Boolean);
      for (const item of items) {
        const brand = item.brand ? norm(item.brand) : null;
        const text = norm(`${item.name} ${item.brand ?? ""}`);
        if ((brand && brands.includes(brand)) || brands.some((b) => b && text.includes(b))) {
          score += 3;
          reasons.add(`бренд ${item.brand ?? s.brands.find((b) => text.includes(norm(b)))}`);
        }
        const cat = categories.find((c) => text.includes(c) || c.split(/\s+/).some((w) => w.length > 3 && text.includes(w.slice(0, -1))));
        if (cat) {
          score += 2;
          reasons.add(`категория «${cat}»`);
        }
      }
      const history = Math.min(3, answeredBy.get(s.id) ?? 0);
      if (history > 0) {
        score += history;
        reasons.add(`отвечал раньше: ${answeredBy.get(s.id)}`);
      }
      return { id: s.id, name: s.name, email: s.email, score, reasons: [...reasons], alreadyAsked: askedSet.has(s.id) };
    })
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, "ru"));
}
