import type { TTelegramSimMessage, TTelegramSimState, TTelegramSimUser } from "./server";
import { adminCaller } from "../lib/admin-client";

/**
 * Typed client of the Telegram simulator's admin API (`/__sandbox/...`): users write to the bot, press
 * inline buttons, block / unblock it; read what the bot sent. `simUrl` is the simulator's root.
 */
export function createTelegramAdmin(simUrl: string) {
  const call = adminCaller(simUrl, "Telegram sandbox admin");
  return {
    createUser: (user: { id?: number; firstName: string; lastName?: string; username?: string }) => call<TTelegramSimUser>("POST", "/__sandbox/users", user),
    /** The user writes `text` to the bot (`/start <code>` starts it, also after a block). */
    write: (userId: number, text: string, bot?: string) =>
      call<{ update_id: number; message_id: number; webhook: boolean }>("POST", `/__sandbox/users/${userId}/messages`, { text, bot }),
    press: (userId: number, messageId: number, data: string, bot?: string) =>
      call<{ update_id: number; callback_query_id: string }>("POST", `/__sandbox/users/${userId}/press`, { messageId, data, bot }),
    /** `silent`: no my_chat_member update reaches the bot (only a 403 on sending reveals the block). */
    block: (userId: number, bot?: string, opts: { silent?: boolean } = {}) => call<TTelegramSimUser>("POST", `/__sandbox/users/${userId}/block`, { bot, ...opts }),
    unblock: (userId: number, bot?: string) => call<TTelegramSimUser>("POST", `/__sandbox/users/${userId}/unblock`, { bot }),
    /** Messages in a chat; `from: "bot"` — only what the bot sent. */
    messages: (filter: { chatId?: number; from?: "bot" | "user" } = {}) => {
      const q = new URLSearchParams();
      if (filter.chatId !== undefined) q.set("chatId", String(filter.chatId));
      if (filter.from) q.set("from", filter.from);
      return call<TTelegramSimMessage[]>("GET", `/__sandbox/messages?${q}`);
    },
    /** Waits for webhook deliveries in flight. */
    settle: () => call<{ ok: true }>("POST", "/__sandbox/webhook-deliveries/settle"),
    seed: (input: Partial<TTelegramSimState>) => call<{ ok: true }>("POST", "/__sandbox/seed", input),
    state: () => call<TTelegramSimState>("GET", "/__sandbox/state"),
    reset: () => call<{ ok: true }>("POST", "/__sandbox/reset"),
  };
}

export type TTelegramAdmin = ReturnType<typeof createTelegramAdmin>;
