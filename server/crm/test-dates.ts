/** YYYY-MM-DD of today (UTC) plus `n` days, for tests. */
export function addDays(n: number, from = new Date()): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + n));
  return d.toISOString().slice(0, 10);
}
