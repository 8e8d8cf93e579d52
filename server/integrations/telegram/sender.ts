import { createHash } from "node:crypto";
import { UpstreamError } from "../errors";
import type { TSendMessageOptions, TTelegramClient } from "./client";

/**
 * Flood-controlled sending for any bot (dealers' notifications, managers' bot, CRM reminders):
 * - per chat: at most one message per `perChatIntervalMs` (Telegram: ~1 / s in a private chat);
 * - per bot: at most `globalPerSecond` messages in any second (Telegram: ~30 / s in bulk);
 * - 429 `retry_after` is honoured: the chat waits that long, then the message is sent again;
 * - 403 (blocked by the user, cannot initiate a conversation) and 400 fail at once, never retried;
 * - 5xx / network failures back off exponentially (base × 2^n, with jitter), `maxAttempts` in all.
 * The gate is shared per bot token inside the process (`floodGateFor`), so concurrent jobs keep the budget.
 */

export type TFloodGateOptions = {
  perChatIntervalMs?: number;
  globalPerSecond?: number;
  /** Safety margin added to both windows: requests reach Telegram with jitter (default 100 ms). */
  marginMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
};

export type TFloodGate = ReturnType<typeof createFloodGate>;

export function createFloodGate(options: TFloodGateOptions = {}) {
  const margin = options.marginMs ?? 100;
  const perChat = (options.perChatIntervalMs ?? 1000) + margin;
  const windowMs = 1000 + margin;
  const perSecond = options.globalPerSecond ?? 30;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const chatNext = new Map<string, number>();
  const window: number[] = [];
  let pausedUntil = 0;
  let waitedMs = 0;

  return {
    /**
     * Waits until `chatId` may receive a message and takes a send slot; returns the wait (ms) and a `done`
     * to call when Telegram has answered: the slot then counts from the answer (a request reaches Telegram
     * some time after it was sent, so counting from the start would drift over the limits).
     */
    async acquire(chatId: string | number): Promise<{ waitedMs: number; done: () => void }> {
      const key = String(chatId);
      const started = now();
      for (;;) {
        const t = now();
        while (window.length > 0 && t - window[0]! >= windowMs) window.shift();
        const globalReady = window.length >= perSecond ? window[0]! + windowMs : 0;
        const ready = Math.max(chatNext.get(key) ?? 0, globalReady, pausedUntil);
        if (ready <= t) {
          const slot = { at: t };
          window.push(t);
          chatNext.set(key, t + perChat);
          if (chatNext.size > 50_000) for (const [k, v] of chatNext) if (v < t) chatNext.delete(k);
          const waited = t - started;
          waitedMs += waited;
          return {
            waitedMs: waited,
            done: () => {
              const end = now();
              const i = window.indexOf(slot.at);
              if (i >= 0) {
                window[i] = end;
                window.sort((x, y) => x - y);
              }
              chatNext.set(key, Math.max(chatNext.get(key) ?? 0, end + perChat));
            },
          };
        }
        await sleep(Math.max(1, ready - t));
      }
    },
    /**
     * Telegram said 429 for this chat: it waits `ms`. The bot-wide window already keeps the bulk rate; with
     * `global: true` (e.g. another process shares the bot) every chat waits.
     */
    pause(chatId: string | number, ms: number, opts: { global?: boolean } = {}): void {
      const t = now();
      chatNext.set(String(chatId), Math.max(chatNext.get(String(chatId)) ?? 0, t + ms));
      if (opts.global) pausedUntil = Math.max(pausedUntil, t + ms);
    },
    stats: () => ({ waitedMs, inWindow: window.length, pausedUntil }),
  };
}

const gates = new Map<string, TFloodGate>();

/** The process-wide gate of one bot (keyed by a hash of its token, never the token). */
export function floodGateFor(botToken: string, options?: TFloodGateOptions): TFloodGate {
  const key = createHash("sha256").update(botToken).digest("hex").slice(0, 16);
  let gate = gates.get(key);
  if (!gate) {
    gate = createFloodGate(options);
    gates.set(key, gate);
  }
  return gate;
}

export type TSendResult = { messageId: number; attempts: number; waitedMs: number };

export type TSenderOptions = {
  maxAttempts?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  /** Longest `retry_after` we wait in place; longer ones are thrown (the caller reschedules). */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

/** Sends messages through `client`, keeping to the gate's limits (see the file comment). */
export function createTelegramSender(client: TTelegramClient, gate: TFloodGate, options: TSenderOptions = {}) {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const baseMs = options.backoff?.baseMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const stats = { sent: 0, rateLimited: 0, retries: 0, forbidden: 0, failed: 0 };

  return {
    stats: () => ({ ...stats }),
    async send(chatId: number | string, text: string, opts: TSendMessageOptions = {}): Promise<TSendResult> {
      let waited = 0;
      let attempts = 0;
      let failures = 0;
      for (;;) {
        const slot = await gate.acquire(chatId);
        waited += slot.waitedMs;
        attempts++;
        try {
          const message = await client.sendMessage(chatId, text, opts).finally(slot.done);
          stats.sent++;
          return { messageId: message.message_id, attempts, waitedMs: waited };
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          if (error.kind === "rate_limited") {
            stats.rateLimited++;
            const wait = error.retryAfterMs ?? 1000;
            if (wait > maxRetryAfterMs || attempts >= maxAttempts + 20) throw error;
            gate.pause(chatId, wait);
            stats.retries++;
            continue;
          }
          if (error.kind === "forbidden") {
            stats.forbidden++;
            throw error;
          }
          if (!error.retryable || ++failures >= maxAttempts) {
            stats.failed++;
            throw error;
          }
          stats.retries++;
          const ceiling = Math.min(maxMs, baseMs * 2 ** (failures - 1));
          await sleep(Math.round(ceiling * (0.5 + Math.random() * 0.5)));
        }
      }
    },
  };
}

/** Telegram's 403 answers that mean "this user does not want the bot": stop writing to them. */
export function isBlockedByUser(error: unknown): boolean {
  return error instanceof UpstreamError && error.kind === "forbidden";
}
