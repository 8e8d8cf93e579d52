/** Russian message texts for dealers: placeholders filled from a MoySklad document. */
import { parseMoyskladDate } from "../integrations/moysklad/dates";

const MAX_TEXT = 4096;

export function formatRub(kopecks: unknown): string {
  const value = typeof kopecks === "number" ? kopecks / 100 : 0;
  return `${value.toLocaleString("ru-RU", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ₽`;
}

export function formatMoment(moment: unknown, timeZone = "Europe/Moscow"): string {
  const date = typeof moment === "string" ? parseMoyskladDate(moment) : undefined;
  if (!date) return "";
  return date.toLocaleString("ru-RU", { timeZone, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

type TDoc = Record<string, unknown>;

function positionsSummary(doc: TDoc): string {
  const positions = doc.positions as { rows?: TDoc[]; meta?: { size?: number } } | undefined;
  const rows = positions?.rows ?? [];
  if (rows.length === 0) return positions?.meta?.size ? `Позиций: ${positions.meta.size}` : "";
  const lines = rows.slice(0, 5).map((p) => {
    const name = ((p.assortment as TDoc | undefined)?.name as string | undefined) ?? "Позиция";
    const qty = typeof p.quantity === "number" ? p.quantity : 0;
    const price = typeof p.price === "number" ? p.price : 0;
    return `• ${name} × ${qty.toLocaleString("ru-RU")} = ${formatRub(price * qty)}`;
  });
  const total = positions?.meta?.size ?? rows.length;
  if (total > 5) lines.push(`и ещё ${total - 5}`);
  return lines.join("\n");
}

/** The values of every placeholder for one document. */
export function templateValues(doc: TDoc, opts: { dealerName?: string; timeZone?: string } = {}): Record<string, string> {
  const type = ((doc.meta as TDoc | undefined)?.type as string | undefined) ?? "";
  const agent = doc.agent as TDoc | undefined;
  return {
    number: String(doc.name ?? ""),
    date: formatMoment(doc.moment, opts.timeZone),
    sum: formatRub(doc.sum),
    counterparty: String(agent?.name ?? ""),
    positions: positionsSummary(doc),
    link: doc.id ? `https://online.moysklad.ru/app/#${type}/edit?id=${String(doc.id)}` : "",
    dealer: opts.dealerName ?? "",
  };
}

export function renderTemplate(text: string, values: Record<string, string>): string {
  const out = text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => values[key] ?? "").replace(/\n{3,}/g, "\n\n").trim();
  return [...out].length > MAX_TEXT ? [...out].slice(0, MAX_TEXT - 1).join("") + "…" : out;
}

/** A sample document for the template preview when MoySklad has none at hand. */
export const SAMPLE_DOCUMENT: TDoc = {
  meta: { type: "customerorder" },
  id: "00000000-0000-4000-8000-000000000001",
  name: "00042",
  moment: "2026-11-23 12:30:00.000",
  sum: 1534000,
  agent: { name: "ООО «Вектор»" },
  positions: {
    meta: { size: 2 },
    rows: [
      { quantity: 10, price: 120000, assortment: { name: "Краска фасадная 10 л" } },
      { quantity: 2, price: 167000, assortment: { name: "Валик малярный" } },
    ],
  },
};
