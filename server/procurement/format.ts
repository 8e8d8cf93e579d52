/** Number formatting shared by emails and the КП. */
export function formatQty(q: { toString(): string } | number): string {
  const n = Number(q.toString());
  return Number.isInteger(n) ? String(n) : n.toLocaleString("ru-RU", { maximumFractionDigits: 3 });
}

export function formatMoney(n: number): string {
  return n.toLocaleString("ru-RU", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/\u00a0/g, " ");
}
