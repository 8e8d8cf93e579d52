import { sendJson } from "../lib/http";
import type { TRequestContext } from "../lib/router";
import { defineSimulator } from "../lib/simulator";

/**
 * Telegram Bot API simulator (https://core.telegram.org/bots/api).
 * `GET|POST /bot<token>/<method>`; responses `{"ok":true,"result":…}` or
 * `{"ok":false,"error_code":…,"description":…}`; unknown token → 401 "Unauthorized",
 * unknown method → 404 "Not Found".
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

export type TTelegramSimState = { bots: TTelegramSimBot[] };

export const telegramDemo = {
  token: "7000000001:AAPultSandboxDemoBotToken0000000000a",
  username: "pult_sandbox_bot",
};

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
  };
}

type TCtx = Omit<TRequestContext, "params">;

function fail(ctx: TCtx, errorCode: number, description: string): void {
  sendJson(ctx.res, errorCode, { ok: false, error_code: errorCode, description });
}

type TMethod = (bot: TTelegramSimBot, ctx: TRequestContext) => unknown;

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
};

export const telegramSimulator = defineSimulator<TTelegramSimState>({
  name: "telegram",
  createState: createTelegramState,
  routes(router, sim) {
    router.on(["GET", "POST"], "/bot:token/:method", (ctx) => {
      const bot = sim.state.bots.find((b) => b.token === ctx.params.token);
      if (!bot) return fail(ctx, 401, "Unauthorized");
      const method = Object.keys(methods).find((m) => m.toLowerCase() === ctx.params.method.toLowerCase());
      if (!method) return fail(ctx, 404, "Not Found");
      sendJson(ctx.res, 200, { ok: true, result: methods[method](bot, ctx) });
    });
  },
  notFound(ctx) {
    fail(ctx, 404, "Not Found");
  },
  onError(ctx, error) {
    fail(ctx, 500, `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`);
  },
});
