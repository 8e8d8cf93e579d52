/** The company's Telegram bot (Настройки → Интеграции → Telegram) for dealers' messages and updates. */
import { createHmac } from "node:crypto";
import { getIntegrationConfig } from "../connections/get-integration-config";
import { getEnv } from "../env";
import { createTelegramClient } from "../integrations/telegram/client";
import type { TTelegramConfig } from "../integrations/telegram/schemas";
import { createTelegramSender, floodGateFor, type TSenderOptions } from "../integrations/telegram/sender";

let senderOptions: TSenderOptions = {};

/** Tests and the benchmark: retry/backoff settings of the dealers' sender. */
export function setDealerSenderOptions(options: TSenderOptions): void {
  senderOptions = options;
}

export async function telegramFor(companyId: string) {
  const config = await getIntegrationConfig<TTelegramConfig>(companyId, "telegram");
  const client = createTelegramClient(config);
  return { config, client, sender: createTelegramSender(client, floodGateFor(config.botToken), senderOptions) };
}

/** The secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token` to the company's update endpoint. */
export function telegramWebhookSecret(companyId: string, botToken: string): string {
  return createHmac("sha256", botToken).update(`pult-telegram-webhook:${companyId}`).digest("base64url");
}

export function telegramWebhookUrl(companyId: string): string {
  return `${getEnv().APP_URL.replace(/\/+$/, "")}/api/telegram/${companyId}`;
}
