import { z } from "zod";
import { zUrlWithDefault } from "../config";

/** Telegram Bot API payloads (https://core.telegram.org/bots/api). */

export const TELEGRAM_DEFAULT_API_ROOT = "https://api.telegram.org";

export const ZTelegramConfig = z.object({
  apiRoot: zUrlWithDefault(TELEGRAM_DEFAULT_API_ROOT),
  botToken: z
    .string()
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, "Токен бота выглядит как 123456789:AA…"),
});
export type TTelegramConfig = z.output<typeof ZTelegramConfig>;
export type TTelegramConfigInput = z.input<typeof ZTelegramConfig>;

export const telegramSecretFields = ["botToken"] as const;

/** `getMe` result: the bot's User object. */
export const ZTelegramBotUser = z
  .object({
    id: z.number(),
    is_bot: z.literal(true),
    first_name: z.string(),
    username: z.string(),
    can_join_groups: z.boolean().optional(),
    can_read_all_group_messages: z.boolean().optional(),
    supports_inline_queries: z.boolean().optional(),
  })
  .loose();
export type TTelegramBotUser = z.infer<typeof ZTelegramBotUser>;

/** Error envelope: `{"ok":false,"error_code","description","parameters":{"retry_after"}}`. */
export const ZTelegramError = z.object({
  ok: z.literal(false),
  error_code: z.number(),
  description: z.string(),
  parameters: z.object({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional(),
});
