import type { TTx } from "../db";

/**
 * Gap-free per-company numbering: one counter row per (company, kind, year), incremented with an upsert in
 * the caller's transaction. The row lock serialises concurrent creators; a rolled-back transaction rolls its
 * increment back, so numbers are never skipped nor reused.
 */
export type TNumberKind = "ORD" | "КП";

export async function nextNumber(tx: TTx, companyId: string, kind: TNumberKind, now: Date = new Date()): Promise<string> {
  const year = Number(new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Europe/Moscow" }).format(now));
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "ProcCounter" ("companyId", kind, year, value) VALUES (${companyId}::uuid, ${kind}, ${year}, 1)
    ON CONFLICT ("companyId", kind, year) DO UPDATE SET value = "ProcCounter".value + 1
    RETURNING value`;
  return `${kind}-${year}-${String(rows[0].value).padStart(4, "0")}`;
}
