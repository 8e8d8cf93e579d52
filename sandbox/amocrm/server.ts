import { bearerToken, sendJson } from "../lib/http";
import { createWindowLimiter } from "../lib/rate-limit";
import type { TRequestContext } from "../lib/router";
import { defineSimulator } from "../lib/simulator";

/**
 * amoCRM API v4 simulator (https://www.amocrm.ru/developers/content/crm_platform/api-reference).
 * - `Authorization: Bearer <access token>` (long-lived token of a private integration);
 * - errors are `application/problem+json`: `{"title","type","status","detail"}`;
 * - rate limit: 7 requests / s per token → 429.
 */

export type TAmocrmSimAccount = {
  id: number;
  name: string;
  subdomain: string;
  country: string;
  currency: string;
  currencySymbol: string;
  currentUserId: number;
};

export type TAmocrmSimState = {
  accessTokens: string[];
  account: TAmocrmSimAccount;
  rateLimit: { limit: number; windowMs: number };
};

export const amocrmDemo = {
  accessToken: "amo-sandbox-long-lived-token-5b1e7f0c2d9a4e6b",
  subdomain: "pultdemo",
};

export function createAmocrmState(): TAmocrmSimState {
  return {
    accessTokens: [amocrmDemo.accessToken],
    account: {
      id: 31_000_001,
      name: "Pult Demo",
      subdomain: amocrmDemo.subdomain,
      country: "RU",
      currency: "RUB",
      currencySymbol: "₽",
      currentUserId: 9_000_001,
    },
    rateLimit: { limit: 7, windowMs: 1000 },
  };
}

type TCtx = Omit<TRequestContext, "params">;

function problem(ctx: TCtx, status: number, title: string, detail: string): void {
  sendJson(
    ctx.res,
    status,
    { title, type: `https://httpstatus.es/${status}`, status, detail },
    { contentType: "application/problem+json" },
  );
}

export const amocrmSimulator = defineSimulator<TAmocrmSimState>({
  name: "amocrm",
  createState: createAmocrmState,
  routes(router, sim) {
    const limiter = createWindowLimiter(() => sim.state.rateLimit);
    sim.onReset(() => limiter.reset());

    const authorize = (ctx: TCtx): boolean => {
      const token = bearerToken(ctx.header("authorization"));
      if (!token || !sim.state.accessTokens.includes(token)) {
        problem(ctx, 401, "Unauthorized", "Неверный логин или пароль");
        return false;
      }
      if (!limiter.hit(token).allowed) {
        problem(ctx, 429, "Too Many Requests", "Превышен лимит запросов");
        return false;
      }
      return true;
    };

    router.get("/api/v4/account", (ctx) => {
      if (!authorize(ctx)) return;
      const a = sim.state.account;
      sendJson(
        ctx.res,
        200,
        {
          id: a.id,
          name: a.name,
          subdomain: a.subdomain,
          created_at: 1_700_000_000,
          created_by: 0,
          updated_at: 1_760_000_000,
          updated_by: 0,
          current_user_id: a.currentUserId,
          country: a.country,
          currency: a.currency,
          currency_symbol: a.currencySymbol,
          customers_mode: "disabled",
          is_unsorted_on: true,
          mobile_feature_version: 0,
          is_loss_reason_enabled: true,
          is_helpbot_enabled: false,
          is_technical_account: false,
          contact_name_display_order: 1,
          _links: { self: { href: `${ctx.origin}/api/v4/account` } },
        },
        { contentType: "application/hal+json" },
      );
    });
  },
  notFound(ctx) {
    problem(ctx, 404, "Not Found", `Ресурс ${ctx.path} не найден`);
  },
  onError(ctx, error) {
    problem(ctx, 500, "Internal Server Error", error instanceof Error ? error.message : String(error));
  },
});
