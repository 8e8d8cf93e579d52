import { parseConfig } from "../config";
import type { TConnectionCheck } from "../errors";
import { createTelegramClient } from "./client";
import { ZTelegramConfig, type TTelegramConfigInput } from "./schemas";

/** Checks a bot token with `getMe`. */
export async function checkTelegramConnection(
  input: TTelegramConfigInput,
  options: { timeoutMs?: number } = {},
): Promise<TConnectionCheck> {
  const config = parseConfig("telegram", ZTelegramConfig, input);
  const bot = await createTelegramClient(config, options).getMe();
  return {
    ok: true,
    summary: `Подключён бот @${bot.username} (${bot.first_name})`,
    details: { botId: bot.id, username: bot.username, canJoinGroups: bot.can_join_groups },
  };
}
