import { z } from "zod";
import type { TCrmAccess } from "./access";
import { getFinanceReport, ZFinanceReportInput } from "./get-finance-report";
import { listReceivables } from "./list-receivables";
import { ZReportFilters } from "./report-filters";

export const ZReportCsvInput = z.discriminatedUnion("report", [
  z.object({ report: z.literal("receivables"), filters: ZReportFilters, status: z.enum(["all", "overdue", "due"]).default("all") }),
  z.object({ report: z.literal("finance"), filters: ZReportFilters, groupBy: ZFinanceReportInput.shape.groupBy }),
]);
export type TReportCsvInput = z.infer<typeof ZReportCsvInput>;

/** The most rows a CSV export carries (the receivables report is paginated on screen). */
export const CSV_MAX_ROWS = 50_000;

const BOM = "\uFEFF";

/** One CSV cell for Excel (`;`-separated): quoted when it holds a separator, a quote or a line break. */
export function csvCell(v: string | number | null | undefined): string {
  const s = v == null ? "" : String(v);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Kopecks as roubles with a decimal comma (what a Russian Excel reads as a number). */
export function csvMoney(kopecks: number): string {
  const sign = kopecks < 0 ? "-" : "";
  const abs = Math.abs(kopecks);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(";")).join("\r\n") + "\r\n";
}

/** A report as a CSV file (UTF-8 with BOM, `;` separator) — the same rows and visibility as on screen. */
export async function exportReportCsv(opts: TCrmAccess & { input: TReportCsvInput }) {
  const stamp = new Date().toISOString().slice(0, 10);
  if (opts.input.report === "receivables") {
    const r = await listReceivables({ ...opts, filters: opts.input.filters, status: opts.input.status, page: 1, pageSize: CSV_MAX_ROWS });
    const content = toCsv(
      ["Срок оплаты", "Просрочен", "Сделка", "Клиент", "Продавец", "Страховщик", "Полис", "Сумма взноса, ₽", "Оплачено, ₽", "К оплате, ₽"],
      r.items.map((x) => [x.dueDate, x.overdue ? "да" : "нет", x.deal.title, x.clientName, x.sellerName, x.insurerName, x.policy.number,
        csvMoney(x.amount), csvMoney(x.paidAmount), csvMoney(x.outstanding)]),
    );
    return { filename: `debitorka-${stamp}.csv`, content, rows: r.items.length };
  }
  const r = await getFinanceReport({ ...opts, filters: opts.input.filters, groupBy: opts.input.groupBy });
  const first = { month: "Месяц", insurer: "Страховщик", seller: "Продавец" }[r.groupBy];
  const content = toCsv(
    [first, "Комиссия, ₽", "Прочие доходы, ₽", "Расходы, ₽", "Маржа, ₽"],
    [...r.items.map((x) => [x.label, csvMoney(x.commission), csvMoney(x.otherIncome), csvMoney(x.expenses), csvMoney(x.margin)]),
      ["Итого", csvMoney(r.totals.commission), csvMoney(r.totals.otherIncome), csvMoney(r.totals.expenses), csvMoney(r.totals.margin)]],
  );
  return { filename: `dohody-rashody-${r.groupBy}-${stamp}.csv`, content, rows: r.items.length };
}
