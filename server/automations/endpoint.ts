/** The company's MoySklad webhook endpoint: a per-company secret in the URL path, quotas, polling cursor. */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "../env";
import type { TTx } from "../db";

export async function ensureEndpoint(tx: TTx, companyId: string) {
  const existing = await tx.automationEndpoint.findFirst();
  if (existing) return existing;
  const rows = await tx.automationEndpoint.createManyAndReturn({
    data: [{ companyId, secret: randomBytes(24).toString("base64url") }],
    skipDuplicates: true,
  });
  return rows[0] ?? (await tx.automationEndpoint.findFirstOrThrow());
}

/** Where MoySklad delivers the company's webhooks (app/api/automations/moysklad/[companyId]/[secret]). */
export function webhookUrl(companyId: string, secret: string): string {
  return `${getEnv().APP_URL.replace(/\/+$/, "")}/api/automations/moysklad/${companyId}/${secret}`;
}

export function secretMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
