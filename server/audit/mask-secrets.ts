/** Audit diffs never carry secrets: values under secret-looking keys are replaced. */
const SECRET_KEY = /pass(word)?|secret|token|api_?key|authorization|cookie|private_?key|service_?account_?json|webhook_?code|cipher/i;
export const MASK = "[скрыто]";

export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? MASK : maskSecrets(v)]),
    );
  }
  return value;
}

/** Field-level diff of two flat-ish records: { field: { from, to } } for changed fields only. */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Record<string, { from: unknown; to: unknown }> {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of keys) {
    if (k === "updatedAt" || k === "createdAt") continue;
    const from = before?.[k] ?? null;
    const to = after?.[k] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) out[k] = { from, to };
  }
  return maskSecrets(out) as Record<string, { from: unknown; to: unknown }>;
}
