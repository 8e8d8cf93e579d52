/** CRM formatting: money in kopecks, calendar dates (stored as UTC midnight). */
const day = new Intl.DateTimeFormat("ru-RU", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });

export function formatDay(d: Date | string | null | undefined): string {
  if (!d) return "—";
  return day.format(typeof d === "string" ? new Date(d) : d);
}

export function formatRub(kopecks: number | null | undefined): string {
  if (kopecks == null) return "—";
  const sign = kopecks < 0 ? "−" : "";
  const abs = Math.abs(Math.round(kopecks));
  const rub = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  const kop = abs % 100;
  return `${sign}${rub}${kop ? `,${String(kop).padStart(2, "0")}` : ""}\u00a0₽`;
}

/** «85 000,50» / «85000.5» → 8500050 kopecks; NaN when not a number. */
export function parseRub(s: string): number {
  const clean = s.replace(/[\s\u00a0₽]/g, "").replace(",", ".");
  if (!/^-?\d+(\.\d{0,2})?$/.test(clean)) return Number.NaN;
  return Math.round(Number(clean) * 100);
}

export function todayString(offsetDays = 0): string {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate() + offsetDays)).toISOString().slice(0, 10);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} Б`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} КБ`;
  return `${(bytes / 1024 / 1024).toFixed(1)} МБ`;
}
