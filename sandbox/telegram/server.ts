import { sendJson } from "../lib/http";
import { createWindowLimiter } from "../lib/rate-limit";
import type { Router, TRequestContext } from "../lib/router";
import { defineSimulator, type TSimulatorContext } from "../lib/simulator";

/**
 * Telegram Bot API simulator (https://core.telegram.org/bots/api).
 * `GET|POST /bot<token>/<method>` with parameters in the query, a JSON body or a urlencoded form;
 * responses `{"ok":true,"result":…}` or `{"ok":false,"error_code":…,"description":…,"parameters"?}`;
 * unknown token → 401 "Unauthorized", unknown method → 404 "Not Found".
 *
 * Methods: getMe; getUpdates (offset confirms, limit 1–100, long polling with `timeout`, 409 while a webhook
 * is set); setWebhook / deleteWebhook / getWebhookInfo (delivery POSTs the Update JSON to the url with the
 * `X-Telegram-Bot-Api-Secret-Token` header, retried with backoff, pending count and last error reported);
 * sendMessage (text 1–4096, `reply_markup` inline keyboards kept; 400 chat not found / text empty / too long;
 * 403 when the user blocked the bot or never started it; flood limits per chat (1 / s) and per bot (30 / s)
 * → 429 "Too Many Requests: retry after N" with `parameters.retry_after`); editMessageText;
 * answerCallbackQuery.
 *
 * Users (private chats) are driven through the admin API: a user writes to a bot (`/start <code>`, `/stop`,
 * text), presses an inline button (callback_query), blocks / unblocks the bot (my_chat_member updates).
 * `limits.timeScale` scales the flood windows (1 real, 0 = no flood limits).
 */

export type TTelegramSimBot = {
  token: string;
  id: number;
  firstName: string;
  username: string;
  canJoinGroups?: boolean;
  canReadAllGroupMessages?: boolean;
  supportsInlineQueries?: boolean;
};

export type TTelegramSimUser = {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  /** Bot ids the user has started (a bot cannot write first). */
  started: number[];
  /** Bot ids the user has blocked. */
  blocked: number[];
};

export type TTelegramInlineButton = { text: string; callback_data?: string; url?: string };

export type TTelegramSimMessage = {
  message_id: number;
  botId: number;
  chatId: number;
  /** "bot" — sent by the bot; "user" — written by the user to the bot. */
  from: "bot" | "user";
  text: string;
  parseMode?: string;
  replyMarkup?: { inline_keyboard: TTelegramInlineButton[][] };
  date: number;
  editDate?: number;
};

export type TTelegramSimWebhook = {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
  lastErrorDate?: number;
  lastErrorMessage?: string;
};

export type TTelegramUpdate = { update_id: number } & Record<string, unknown>;

export type TTelegramSimState = {
  bots: TTelegramSimBot[];
  users: TTelegramSimUser[];
  /** Updates waiting for getUpdates (or for webhook delivery), per bot id. */
  updates: Record<string, TTelegramUpdate[]>;
  nextUpdateId: number;
  nextMessageId: number;
  webhooks: Record<string, TTelegramSimWebhook>;
  messages: TTelegramSimMessage[];
  callbackAnswers: Array<{ botId: number; callbackQueryId: string; text?: string; showAlert?: boolean }>;
  limits: {
    perChat: { limit: number; windowMs: number };
    global: { limit: number; windowMs: number };
    /** 1 = real windows, 0.1 = 10× faster, 0 = no flood limits. */
    timeScale: number;
  };
  /** Webhook delivery: attempts per update and pause between them (ms at timeScale 1). */
  webhookDelivery: { attempts: number; retryDelayMs: number; timeoutMs: number };
  /** Counters for tests and benchmarks. */
  counters: { sendMessage: number; delivered: number; floodRejected: number; forbidden: number };
};

export const telegramDemo = {
  token: "7000000001:AAPultSandboxDemoBotToken0000000000a",
  username: "pult_sandbox_bot",
};

/** Demo Telegram users (dealers in the demo). */
export const telegramDemoUsers = [
  { id: 100000001, firstName: "Пётр", lastName: "Дилеров", username: "petr_dealer" },
  { id: 100000002, firstName: "Анна", lastName: "Торгова", username: "anna_trade" },
  { id: 100000003, firstName: "Игорь", lastName: "Оптовиков", username: "igor_opt" },
] as const;

export function createTelegramState(): TTelegramSimState {
  return {
    bots: [
      {
        token: telegramDemo.token,
        id: 7000000001,
        firstName: "Pult (песочница)",
        username: telegramDemo.username,
        canJoinGroups: true,
        canReadAllGroupMessages: false,
        supportsInlineQueries: false,
      },
    ],
    users: telegramDemoUsers.map((u) => ({ ...u, languageCode: "ru", started: [], blocked: [] })),
    updates: {},
    nextUpdateId: 500000001,
    nextMessageId: 1,
    webhooks: {},
    messages: [],
    callbackAnswers: [],
    limits: { perChat: { limit: 1, windowMs: 1000 }, global: { limit: 30, windowMs: 1000 }, timeScale: 1 },
    webhookDelivery: { attempts: 5, retryDelayMs: 1000, timeoutMs: 10_000 },
    counters: { sendMessage: 0, delivered: 0, floodRejected: 0, forbidden: 0 },
  };
}

type TCtx = Omit<TRequestContext, "params">;

class TelegramApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

function fail(ctx: TCtx, errorCode: number, description: string, parameters?: Record<string, unknown>): void {
  sendJson(ctx.res, errorCode, { ok: false, error_code: errorCode, description, ...(parameters ? { parameters } : {}) });
}

const MAX_MESSAGES = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads Bot API parameters from the query, a JSON body or a urlencoded form (JSON-typed values decoded). */
function readParams(ctx: TCtx): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(ctx.query);
  const type = ctx.header("content-type") ?? "";
  if (ctx.body.length > 0) {
    if (type.includes("application/json")) Object.assign(out, ctx.json<Record<string, unknown>>() ?? {});
    else if (type.includes("application/x-www-form-urlencoded")) Object.assign(out, Object.fromEntries(ctx.form()));
  }
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === "string" && /^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
      } catch {
        // plain string
      }
    }
  }
  return out;
}

type TRuntime = {
  sim: TSimulatorContext<TTelegramSimState>;
  /** Long-polling waiters per bot id. */
  waiters: Map<number, Set<() => void>>;
  pending: Set<Promise<void>>;
  perChat: ReturnType<typeof createWindowLimiter>;
  global: ReturnType<typeof createWindowLimiter>;
};

const runtimes = new WeakMap<object, TRuntime>();

function userChat(user: TTelegramSimUser) {
  return { id: user.id, type: "private", first_name: user.firstName, ...(user.lastName ? { last_name: user.lastName } : {}), ...(user.username ? { username: user.username } : {}) };
}

function userFrom(user: TTelegramSimUser) {
  return { id: user.id, is_bot: false, first_name: user.firstName, ...(user.lastName ? { last_name: user.lastName } : {}), ...(user.username ? { username: user.username } : {}), language_code: user.languageCode ?? "ru" };
}

function botUser(bot: TTelegramSimBot) {
  return { id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username };
}

function messageJson(bot: TTelegramSimBot, user: TTelegramSimUser, m: TTelegramSimMessage) {
  return {
    message_id: m.message_id,
    from: m.from === "bot" ? botUser(bot) : userFrom(user),
    chat: userChat(user),
    date: m.date,
    ...(m.editDate ? { edit_date: m.editDate } : {}),
    text: m.text,
    ...(m.from === "user" && m.text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: m.text.split(/\s/)[0]!.length }] } : {}),
    ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
  };
}

const now = () => Math.floor(Date.now() / 1000);

async function deliverWebhook(rt: TRuntime, bot: TTelegramSimBot, update: TTelegramUpdate): Promise<void> {
  const state = rt.sim.state;
  const settings = state.webhookDelivery;
  const delay = state.limits.timeScale > 0 ? settings.retryDelayMs * state.limits.timeScale : 10;
  for (let attempt = 0; attempt < settings.attempts; attempt++) {
    const hook = state.webhooks[bot.id];
    if (!hook) break;
    if (attempt > 0) await sleep(delay * 2 ** (attempt - 1));
    try {
      const response = await fetch(hook.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(hook.secretToken ? { "X-Telegram-Bot-Api-Secret-Token": hook.secretToken } : {}) },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        state.counters.delivered++;
        const queue = state.updates[bot.id] ?? [];
        state.updates[bot.id] = queue.filter((u) => u.update_id !== update.update_id);
        return;
      }
      hook.lastErrorDate = now();
      hook.lastErrorMessage = `Wrong response from the webhook: ${response.status} ${response.statusText}`;
    } catch (error) {
      if (state.webhooks[bot.id]) {
        state.webhooks[bot.id]!.lastErrorDate = now();
        state.webhooks[bot.id]!.lastErrorMessage = error instanceof Error ? error.message : String(error);
      }
    }
  }
}

/** Queues an update for a bot: delivered to its webhook when set, else kept for getUpdates. */
function pushUpdate(rt: TRuntime, bot: TTelegramSimBot, body: Record<string, unknown>): TTelegramUpdate {
  const state = rt.sim.state;
  const update: TTelegramUpdate = { update_id: state.nextUpdateId++, ...body };
  (state.updates[bot.id] ??= []).push(update);
  if (state.webhooks[bot.id]) {
    const p = deliverWebhook(rt, bot, update);
    rt.pending.add(p);
    void p.finally(() => rt.pending.delete(p));
  } else {
    for (const wake of rt.waiters.get(bot.id) ?? []) wake();
  }
  return update;
}

function requireString(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (value === undefined || value === null || value === "") throw new TelegramApiError(400, `Bad Request: parameter "${name}" is required`);
  return String(value);
}

function findChatUser(state: TTelegramSimState, chatId: unknown): TTelegramSimUser {
  const id = Number(chatId);
  const user = Number.isFinite(id) ? state.users.find((u) => u.id === id) : state.users.find((u) => `@${u.username}` === chatId);
  if (!user) throw new TelegramApiError(400, "Bad Request: chat not found");
  return user;
}

function validateText(text: unknown): string {
  if (typeof text !== "string" || text.trim() === "") throw new TelegramApiError(400, "Bad Request: message text is empty");
  if ([...text].length > 4096) throw new TelegramApiError(400, "Bad Request: message is too long");
  return text;
}

function validateMarkup(markup: unknown): TTelegramSimMessage["replyMarkup"] {
  if (markup === undefined || markup === null) return undefined;
  const keyboard = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(keyboard) || !keyboard.every((row) => Array.isArray(row))) return undefined;
  for (const row of keyboard as TTelegramInlineButton[][]) {
    for (const button of row) {
      if (!button.text) throw new TelegramApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard");
      if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) throw new TelegramApiError(400, "Bad Request: BUTTON_DATA_INVALID");
    }
  }
  return { inline_keyboard: keyboard as TTelegramInlineButton[][] };
}

type TMethod = (bot: TTelegramSimBot, params: Record<string, unknown>, rt: TRuntime, ctx: TCtx) => unknown;

const methods: Record<string, TMethod> = {
  getMe: (bot) => ({
    id: bot.id,
    is_bot: true,
    first_name: bot.firstName,
    username: bot.username,
    can_join_groups: bot.canJoinGroups ?? true,
    can_read_all_group_messages: bot.canReadAllGroupMessages ?? false,
    supports_inline_queries: bot.supportsInlineQueries ?? false,
    can_connect_to_business: false,
    has_main_web_app: false,
  }),

  async getUpdates(bot, params, rt, ctx) {
    const state = rt.sim.state;
    if (state.webhooks[bot.id]) throw new TelegramApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = params.offset !== undefined ? Number(params.offset) : undefined;
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100) || 100));
    const timeoutS = Math.max(0, Math.min(50, Number(params.timeout ?? 0) || 0));
    const allowed = Array.isArray(params.allowed_updates) && params.allowed_updates.length > 0 ? (params.allowed_updates as string[]) : null;
    if (offset !== undefined && Number.isFinite(offset)) {
      // Confirms every update with a smaller id (a negative offset keeps only the last -offset ones).
      const queue = state.updates[bot.id] ?? [];
      state.updates[bot.id] = offset < 0 ? queue.slice(offset) : queue.filter((u) => u.update_id >= offset);
    }
    const pick = () =>
      (state.updates[bot.id] ?? []).filter((u) => !allowed || Object.keys(u).some((k) => allowed.includes(k))).slice(0, limit);
    let found = pick();
    if (found.length === 0 && timeoutS > 0) {
      await new Promise<void>((resolve) => {
        const waiters = rt.waiters.get(bot.id) ?? new Set();
        rt.waiters.set(bot.id, waiters);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutS * 1000);
        waiters.add(done);
        ctx.res.once("close", done);
      });
      found = pick();
    }
    return found;
  },

  setWebhook(bot, params, rt) {
    const state = rt.sim.state;
    const url = String(params.url ?? "");
    if (url === "") {
      delete state.webhooks[bot.id];
      return true;
    }
    try {
      const parsed = new URL(url);
      if (!/^https?:$/.test(parsed.protocol)) throw new Error("scheme");
    } catch {
      throw new TelegramApiError(400, "Bad Request: bad webhook: invalid webhook URL specified");
    }
    const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
      throw new TelegramApiError(400, "Bad Request: secret token contains unallowed characters");
    }
    if (params.drop_pending_updates === true || params.drop_pending_updates === "true") state.updates[bot.id] = [];
    state.webhooks[bot.id] = {
      url,
      secretToken: secret,
      maxConnections: Math.min(100, Math.max(1, Number(params.max_connections ?? 40) || 40)),
      allowedUpdates: Array.isArray(params.allowed_updates) ? (params.allowed_updates as string[]) : undefined,
    };
    for (const update of state.updates[bot.id] ?? []) {
      const p = deliverWebhook(rt, bot, update);
      rt.pending.add(p);
      void p.finally(() => rt.pending.delete(p));
    }
    return true;
  },

  deleteWebhook(bot, params, rt) {
    const state = rt.sim.state;
    delete state.webhooks[bot.id];
    if (params.drop_pending_updates === true || params.drop_pending_updates === "true") state.updates[bot.id] = [];
    return true;
  },

  getWebhookInfo(bot, _params, rt) {
    const state = rt.sim.state;
    const hook = state.webhooks[bot.id];
    return {
      url: hook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: (state.updates[bot.id] ?? []).length,
      ...(hook ? { max_connections: hook.maxConnections } : {}),
      ...(hook?.allowedUpdates ? { allowed_updates: hook.allowedUpdates } : {}),
      ...(hook?.lastErrorDate ? { last_error_date: hook.lastErrorDate, last_error_message: hook.lastErrorMessage } : {}),
    };
  },

  sendMessage(bot, params, rt) {
    const state = rt.sim.state;
    state.counters.sendMessage++;
    const user = findChatUser(state, requireString(params, "chat_id"));
    const text = validateText(params.text);
    const replyMarkup = validateMarkup(params.reply_markup);
    if (user.blocked.includes(bot.id)) {
      state.counters.forbidden++;
      throw new TelegramApiError(403, "Forbidden: bot was blocked by the user");
    }
    if (!user.started.includes(bot.id)) {
      state.counters.forbidden++;
      throw new TelegramApiError(403, "Forbidden: bot can't initiate conversation with a user");
    }
    if (state.limits.timeScale > 0) {
      const chat = rt.perChat.hit(`${bot.id}:${user.id}`);
      const global = chat.allowed ? rt.global.hit(String(bot.id)) : chat;
      if (!chat.allowed || !global.allowed) {
        state.counters.floodRejected++;
        const waitMs = Math.max(chat.retryAfterMs, global.retryAfterMs);
        const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
        throw new TelegramApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
      }
    }
    const message: TTelegramSimMessage = {
      message_id: state.nextMessageId++,
      botId: bot.id,
      chatId: user.id,
      from: "bot",
      text,
      ...(params.parse_mode ? { parseMode: String(params.parse_mode) } : {}),
      ...(replyMarkup ? { replyMarkup } : {}),
      date: now(),
    };
    state.messages.push(message);
    if (state.messages.length > MAX_MESSAGES) state.messages.splice(0, state.messages.length - MAX_MESSAGES);
    return messageJson(bot, user, message);
  },

  editMessageText(bot, params, rt) {
    const state = rt.sim.state;
    const user = findChatUser(state, requireString(params, "chat_id"));
    const id = Number(requireString(params, "message_id"));
    const message = state.messages.find((m) => m.botId === bot.id && m.chatId === user.id && m.message_id === id && m.from === "bot");
    if (!message) throw new TelegramApiError(400, "Bad Request: message to edit not found");
    const text = validateText(params.text);
    const replyMarkup = validateMarkup(params.reply_markup);
    if (text === message.text && JSON.stringify(replyMarkup) === JSON.stringify(message.replyMarkup)) {
      throw new TelegramApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
    }
    message.text = text;
    message.replyMarkup = replyMarkup;
    message.editDate = now();
    return messageJson(bot, user, message);
  },

  answerCallbackQuery(bot, params, rt) {
    rt.sim.state.callbackAnswers.push({
      botId: bot.id,
      callbackQueryId: requireString(params, "callback_query_id"),
      ...(params.text ? { text: String(params.text) } : {}),
      ...(params.show_alert ? { showAlert: params.show_alert === true || params.show_alert === "true" } : {}),
    });
    return true;
  },
};

function findBot(state: TTelegramSimState, ref: unknown): TTelegramSimBot | undefined {
  if (ref === undefined || ref === null || ref === "") return state.bots[0];
  const value = String(ref).replace(/^@/, "");
  return state.bots.find((b) => b.username === value || b.token === value || String(b.id) === value);
}

function adminRoutes(router: Router, sim: TSimulatorContext<TTelegramSimState>): void {
  const rt = () => runtimes.get(sim)!;
  const user = (ctx: TCtx & { params: Record<string, string> }) => sim.state.users.find((u) => u.id === Number(ctx.params.id));
  router
    .post("/__sandbox/users", (ctx) => {
      const input = ctx.json<Partial<TTelegramSimUser>>() ?? {};
      const id = input.id ?? Math.max(100000000, ...sim.state.users.map((u) => u.id)) + 1;
      const existing = sim.state.users.find((u) => u.id === id);
      const created: TTelegramSimUser = { firstName: "Пользователь", ...existing, ...input, id, started: existing?.started ?? [], blocked: existing?.blocked ?? [] };
      sim.state.users = [...sim.state.users.filter((u) => u.id !== id), created];
      sendJson(ctx.res, 200, created);
    })
    .post("/__sandbox/users/:id/messages", (ctx) => {
      const u = user(ctx);
      const input = ctx.json<{ bot?: string; text?: string }>() ?? {};
      const bot = findBot(sim.state, input.bot);
      if (!u || !bot || !input.text) return sendJson(ctx.res, 404, { error: "user, bot or text missing" });
      if (input.text.startsWith("/start")) {
        if (!u.started.includes(bot.id)) u.started.push(bot.id);
        if (u.blocked.includes(bot.id)) u.blocked = u.blocked.filter((b) => b !== bot.id);
      }
      const message: TTelegramSimMessage = { message_id: sim.state.nextMessageId++, botId: bot.id, chatId: u.id, from: "user", text: input.text, date: now() };
      sim.state.messages.push(message);
      const update = pushUpdate(rt(), bot, { message: messageJson(bot, u, message) });
      sendJson(ctx.res, 200, { update_id: update.update_id, message_id: message.message_id, webhook: Boolean(sim.state.webhooks[bot.id]) });
    })
    .post("/__sandbox/users/:id/press", (ctx) => {
      const u = user(ctx);
      const input = ctx.json<{ bot?: string; messageId?: number; data?: string }>() ?? {};
      const bot = findBot(sim.state, input.bot);
      const message = sim.state.messages.find((m) => m.message_id === input.messageId && m.chatId === u?.id && m.from === "bot");
      if (!u || !bot || !message) return sendJson(ctx.res, 404, { error: "user, bot or message missing" });
      const button = message.replyMarkup?.inline_keyboard.flat().find((b) => b.callback_data === input.data);
      if (!button) return sendJson(ctx.res, 400, { error: "no such button on the message" });
      const callbackId = String(BigInt(u.id) * 1000000n + BigInt(sim.state.nextUpdateId));
      const update = pushUpdate(rt(), bot, {
        callback_query: { id: callbackId, from: userFrom(u), message: messageJson(bot, u, message), chat_instance: String(u.id * 7), data: input.data },
      });
      sendJson(ctx.res, 200, { update_id: update.update_id, callback_query_id: callbackId });
    })
    .post("/__sandbox/users/:id/block", (ctx) => {
      const u = user(ctx);
      const input = ctx.json<{ bot?: string; silent?: boolean }>() ?? {};
      const bot = findBot(sim.state, input.bot);
      if (!u || !bot) return sendJson(ctx.res, 404, { error: "user or bot missing" });
      if (!u.blocked.includes(bot.id)) u.blocked.push(bot.id);
      // `silent`: the bot is not told (the my_chat_member update is lost) — only a 403 on sending reveals it.
      if (!input.silent) pushUpdate(rt(), bot, {
        my_chat_member: {
          chat: userChat(u), from: userFrom(u), date: now(),
          old_chat_member: { user: botUser(bot), status: "member" },
          new_chat_member: { user: botUser(bot), status: "kicked", until_date: 0 },
        },
      });
      sendJson(ctx.res, 200, u);
    })
    .post("/__sandbox/users/:id/unblock", (ctx) => {
      const u = user(ctx);
      const bot = findBot(sim.state, (ctx.json<{ bot?: string }>() ?? {}).bot);
      if (!u || !bot) return sendJson(ctx.res, 404, { error: "user or bot missing" });
      u.blocked = u.blocked.filter((b) => b !== bot.id);
      sendJson(ctx.res, 200, u);
    })
    .get("/__sandbox/messages", (ctx) => {
      const chatId = ctx.query.get("chatId");
      const from = ctx.query.get("from");
      sendJson(ctx.res, 200, sim.state.messages.filter((m) => (!chatId || m.chatId === Number(chatId)) && (!from || m.from === from)));
    })
    .post("/__sandbox/webhook-deliveries/settle", async ({ res }) => {
      const runtime = rt();
      while (runtime.pending.size > 0) await Promise.allSettled([...runtime.pending]);
      sendJson(res, 200, { ok: true });
    });
}

export const telegramSimulator = defineSimulator<TTelegramSimState>({
  name: "telegram",
  createState: createTelegramState,
  routes(router, sim) {
    const runtime: TRuntime = {
      sim,
      waiters: new Map(),
      pending: new Set(),
      perChat: createWindowLimiter(() => ({ limit: sim.state.limits.perChat.limit, windowMs: Math.max(1, Math.round(sim.state.limits.perChat.windowMs * sim.state.limits.timeScale)) })),
      global: createWindowLimiter(() => ({ limit: sim.state.limits.global.limit, windowMs: Math.max(1, Math.round(sim.state.limits.global.windowMs * sim.state.limits.timeScale)) })),
    };
    runtimes.set(sim, runtime);
    sim.onReset(() => {
      runtime.perChat.reset();
      runtime.global.reset();
      for (const waiters of runtime.waiters.values()) for (const wake of waiters) wake();
    });
    router.on(["GET", "POST"], "/bot:token/:method", async (ctx) => {
      const bot = sim.state.bots.find((b) => b.token === ctx.params.token);
      if (!bot) return fail(ctx, 401, "Unauthorized");
      const method = Object.keys(methods).find((m) => m.toLowerCase() === ctx.params.method.toLowerCase());
      if (!method) return fail(ctx, 404, "Not Found");
      try {
        const result = await methods[method]!(bot, readParams(ctx), runtime, ctx);
        if (!ctx.res.headersSent && !ctx.res.destroyed) sendJson(ctx.res, 200, { ok: true, result });
      } catch (error) {
        if (error instanceof TelegramApiError) return fail(ctx, error.errorCode, error.description, error.parameters);
        if (error instanceof SyntaxError) return fail(ctx, 400, "Bad Request: can't parse JSON");
        throw error;
      }
    });
  },
  admin: adminRoutes,
  notFound(ctx) {
    fail(ctx, 404, "Not Found");
  },
  onError(ctx, error) {
    fail(ctx, 500, `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`);
  },
});
