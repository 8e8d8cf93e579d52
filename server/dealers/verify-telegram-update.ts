import { timingSafeEqual } from "node:crypto";
import { UUID_RE } from "../db";
import { telegramFor, telegramWebhookSecret } from "./telegram-port";

/** True when the secret-token header matches the company's bot webhook secret. */
export async function verifyTelegramUpdate(companyId: string, header: string | null): Promise<boolean> {
  if (!UUID_RE.test(companyId) || !header) return false;
  let expected: string;
  try {
    const tg = await telegramFor(companyId);
    expected = telegramWebhookSecret(companyId, tg.config.botToken);
  } catch {
    return false;
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}
