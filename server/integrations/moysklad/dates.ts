/**
 * MoySklad DateTime values are Moscow-time strings (`YYYY-MM-DD HH:mm:ss.SSS`, MSK = UTC+3, no DST);
 * filters accept `YYYY-MM-DD HH:mm:ss` (and `HH:mm`).
 */

const MSK_OFFSET_MS = 3 * 60 * 60 * 1000;
const MOMENT_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/** `2026-03-01 12:30:00.123` (MSK) → Date; undefined when the text is not a MoySklad DateTime. */
export function parseMoyskladDate(text: string | undefined | null): Date | undefined {
  if (!text) return undefined;
  const m = MOMENT_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", ms = "0"] = m;
  const value = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms.padEnd(3, "0")) - MSK_OFFSET_MS;
  return Number.isNaN(value) ? undefined : new Date(value);
}

/** Date → `YYYY-MM-DD HH:mm:ss` in Moscow time (the filter format; milliseconds dropped). */
export function formatMoyskladFilterDate(date: Date): string {
  const iso = new Date(date.getTime() + MSK_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
