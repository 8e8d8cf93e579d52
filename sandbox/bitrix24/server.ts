import { sendJson } from "../lib/http";
import { createLeakyBucket } from "../lib/rate-limit";
import type { TRequestContext } from "../lib/router";
import { defineSimulator } from "../lib/simulator";

/**
 * Bitrix24 REST simulator, inbound webhooks (https://apidocs.bitrix24.ru/local-integrations/local-webhooks.html).
 * - `GET|POST /rest/{userId}/{code}/{method}[.json]`, parameters in the query, form or JSON body;
 * - success `{"result":…,"time":{…}}`; errors `{"error","error_description"}`
 *   (401 INVALID_CREDENTIALS, 404 ERROR_METHOD_NOT_FOUND, 503 QUERY_LIMIT_EXCEEDED);
 * - leaky bucket per webhook: 50 requests, drains 2 / s.
 */

export type TBitrix24SimUser = {
  ID: string;
  ACTIVE: boolean;
  NAME: string;
  LAST_NAME: string;
  SECOND_NAME?: string;
  EMAIL: string;
  ADMIN: boolean;
  WORK_POSITION?: string;
  TIME_ZONE?: string;
};

export type TBitrix24SimState = {
  webhooks: Array<{ userId: number; code: string; scopes: string[] }>;
  users: TBitrix24SimUser[];
  rateLimit: { capacity: number; drainPerSecond: number };
};

export const bitrix24Demo = { userId: 1, webhookCode: "pultsandbox7k2m9" };

export function createBitrix24State(): TBitrix24SimState {
  return {
    webhooks: [{ userId: bitrix24Demo.userId, code: bitrix24Demo.webhookCode, scopes: ["user", "crm", "task"] }],
    users: [
      {
        ID: "1",
        ACTIVE: true,
        NAME: "Мария",
        LAST_NAME: "Смирнова",
        EMAIL: "admin@pult.local",
        ADMIN: true,
        WORK_POSITION: "Руководитель доставки",
        TIME_ZONE: "Europe/Moscow",
      },
    ],
    rateLimit: { capacity: 50, drainPerSecond: 2 },
  };
}

type TCtx = Omit<TRequestContext, "params">;

function fail(ctx: TCtx, status: number, error: string, description: string): void {
  sendJson(ctx.res, status, { error, error_description: description });
}

function timeBlock(startedAt: number) {
  const finishedAt = Date.now();
  return {
    start: startedAt / 1000,
    finish: finishedAt / 1000,
    duration: (finishedAt - startedAt) / 1000,
    processing: (finishedAt - startedAt) / 1000,
    date_start: new Date(startedAt).toISOString(),
    date_finish: new Date(finishedAt).toISOString(),
    operating_reset_at: Math.floor(startedAt / 1000) + 600,
    operating: 0,
  };
}

type TMethod = (user: TBitrix24SimUser) => unknown;

const methods: Record<string, TMethod> = {
  profile: (user) => ({
    ID: user.ID,
    ADMIN: user.ADMIN,
    NAME: user.NAME,
    LAST_NAME: user.LAST_NAME,
    PERSONAL_GENDER: "",
    PERSONAL_PHOTO: "",
    TIME_ZONE: user.TIME_ZONE ?? "",
    TIME_ZONE_OFFSET: 10800,
  }),
  "user.current": (user) => ({
    ID: user.ID,
    XML_ID: null,
    ACTIVE: user.ACTIVE,
    NAME: user.NAME,
    LAST_NAME: user.LAST_NAME,
    SECOND_NAME: user.SECOND_NAME ?? "",
    EMAIL: user.EMAIL,
    LAST_LOGIN: "2026-01-15T10:00:00+03:00",
    DATE_REGISTER: "2025-06-01T00:00:00+03:00",
    IS_ONLINE: "Y",
    TIME_ZONE: user.TIME_ZONE ?? "",
    TIME_ZONE_OFFSET: "10800",
    WORK_POSITION: user.WORK_POSITION ?? "",
    UF_DEPARTMENT: [1],
    USER_TYPE: "employee",
  }),
};

export const bitrix24Simulator = defineSimulator<TBitrix24SimState>({
  name: "bitrix24",
  createState: createBitrix24State,
  routes(router, sim) {
    const bucket = createLeakyBucket(() => sim.state.rateLimit);
    sim.onReset(() => bucket.reset());

    router.on(["GET", "POST"], "/rest/:userId/:code/:method/?", (ctx) => {
      const startedAt = Date.now();
      const webhook = sim.state.webhooks.find(
        (w) => String(w.userId) === ctx.params.userId && w.code === ctx.params.code,
      );
      const user = sim.state.users.find((u) => u.ID === ctx.params.userId);
      if (!webhook || !user) return fail(ctx, 401, "INVALID_CREDENTIALS", "Invalid request credentials");
      if (!bucket.hit(`${webhook.userId}:${webhook.code}`).allowed) {
        return fail(ctx, 503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
      }
      const name = ctx.params.method.replace(/\.json$/i, "").toLowerCase();
      const method = methods[name];
      if (!method) return fail(ctx, 404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
      sendJson(ctx.res, 200, { result: method(user), time: timeBlock(startedAt) });
    });
  },
  notFound(ctx) {
    fail(ctx, 404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
  },
  onError(ctx) {
    fail(ctx, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
  },
});
