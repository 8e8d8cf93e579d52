import { Api, GrammyError, HttpError } from "grammy";
import { UpstreamError } from "../errors";
import { classifyNetworkError, defaultPort, DEFAULT_TIMEOUT_MS, parseJson, statusError } from "../http";
import { ZTelegramBotUser, type TTelegramConfig } from "./schemas";

/**
 * Telegram Bot API through grammY's `Api` with a configurable `apiRoot`. Every call goes through
 * `call`, which converts grammY's errors into UpstreamError (429 honours `retry_after`).
 */

export type TTelegramClient = ReturnType<typeof createTelegramClient>;

export type TInlineButton = { text: string; callback_data: string } | { text: string; url: string };

export type TSendMessageOptions = {
  parseMode?: "HTML" | "MarkdownV2";
  /** Rows of inline buttons (callback data ≤ 64 bytes). */
  inlineKeyboard?: TInlineButton[][];
  disablePreview?: boolean;
};

export function createTelegramClient(config: TTelegramConfig, options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const api = new Api(config.botToken, {
    apiRoot: config.apiRoot.replace(/\/+$/, ""),
    timeoutSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)),
  });
  const root = new URL(config.apiRoot);

  const toUpstream = (error: unknown): UpstreamError => {
    if (error instanceof GrammyError) {
      return statusError({
        provider: "telegram",
        status: error.error_code,
        description: {
          detail: error.description,
          retryAfterMs: error.parameters.retry_after !== undefined ? error.parameters.retry_after * 1000 : undefined,
        },
        messages: { auth: "Неверный токен бота Telegram" },
        secrets: [config.botToken],
      });
    }
    const response = error instanceof HttpError ? (error.error as { status?: unknown }) : undefined;
    if (response && typeof response.status === "number") {
      // A non-JSON answer (e.g. a proxy's 502 page).
      return statusError({ provider: "telegram", status: response.status, secrets: [config.botToken] });
    }
    return classifyNetworkError(error, {
      provider: "telegram",
      host: root.hostname,
      port: defaultPort(root),
      timeoutMs,
    });
  };

  const call = async <T>(fn: (api: Api) => Promise<T>): Promise<T> => {
    try {
      return await fn(api);
    } catch (error) {
      throw toUpstream(error);
    }
  };

  return {
    /** grammY's Api, for use cases that need more than `getMe` (always wrap calls in `call`). */
    api,
    call,
    async getMe() {
      const me = await call((a) => a.getMe());
      return parseJson(ZTelegramBotUser, JSON.stringify(me), { provider: "telegram" });
    },
    /** One message (no flood control here: use `createTelegramSender` for bulk sending). */
    sendMessage: (chatId: number | string, text: string, opts: TSendMessageOptions = {}) =>
      call((a) => a.sendMessage(chatId, text, {
        ...(opts.parseMode ? { parse_mode: opts.parseMode } : {}),
        ...(opts.inlineKeyboard ? { reply_markup: { inline_keyboard: opts.inlineKeyboard } } : {}),
        ...(opts.disablePreview ? { link_preview_options: { is_disabled: true } } : {}),
      })),
    editMessageText: (chatId: number | string, messageId: number, text: string, opts: Pick<TSendMessageOptions, "inlineKeyboard"> = {}) =>
      call((a) => a.editMessageText(chatId, messageId, text, opts.inlineKeyboard ? { reply_markup: { inline_keyboard: opts.inlineKeyboard } } : {})),
    answerCallbackQuery: (callbackQueryId: string, text?: string) => call((a) => a.answerCallbackQuery(callbackQueryId, text ? { text } : {})),
    /** Updates are POSTed to `url` with the `X-Telegram-Bot-Api-Secret-Token: secretToken` header. */
    setWebhook: (url: string, opts: { secretToken?: string; allowedUpdates?: string[]; dropPendingUpdates?: boolean } = {}) =>
      call((a) => a.setWebhook(url, {
        ...(opts.secretToken ? { secret_token: opts.secretToken } : {}),
        ...(opts.allowedUpdates ? { allowed_updates: opts.allowedUpdates as never } : {}),
        ...(opts.dropPendingUpdates ? { drop_pending_updates: true } : {}),
      })),
    deleteWebhook: (opts: { dropPendingUpdates?: boolean } = {}) => call((a) => a.deleteWebhook(opts.dropPendingUpdates ? { drop_pending_updates: true } : {})),
    getWebhookInfo: () => call((a) => a.getWebhookInfo()),
    /** Long polling: `offset` confirms earlier updates, `timeoutSeconds` > 0 waits for new ones. */
    getUpdates: (opts: { offset?: number; limit?: number; timeoutSeconds?: number; allowedUpdates?: string[] } = {}) =>
      call((a) => a.getUpdates({
        ...(opts.offset !== undefined ? { offset: opts.offset } : {}),
        ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        ...(opts.timeoutSeconds !== undefined ? { timeout: opts.timeoutSeconds } : {}),
        ...(opts.allowedUpdates ? { allowed_updates: opts.allowedUpdates as never } : {}),
      })),
  };
}
