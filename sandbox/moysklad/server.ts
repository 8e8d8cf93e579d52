import { basicCredentials, bearerToken, sendJson, type THeaders } from "../lib/http";
import { createWindowLimiter } from "../lib/rate-limit";
import type { TRequestContext } from "../lib/router";
import { defineSimulator, type TSimulatorContext } from "../lib/simulator";
import { apiRouter, sendApiJson } from "./api";
import { DEFAULT_DATASET, DOCUMENT_TYPES, TYPE_BY_NAME, type TMoyskladDatasetConfig } from "./catalog";
import { Engine, MoyskladApiError } from "./engine";
import { renderRecord } from "./render";
import { attachWebhooks, dispatchWebhookApi, webhookAdminRoutes, type TMoyskladWebhook, type TMoyskladWebhookDelivery, type TMoyskladWebhookSettings } from "./webhooks";

/**
 * MoySklad JSON API 1.2 simulator (https://dev.moysklad.ru/doc/api/remap/1.2/).
 * - auth: `Authorization: Bearer <token>` or Basic login:password;
 * - gzip is mandatory: without `Accept-Encoding: gzip` the request is refused with 415;
 *   every other response is gzipped;
 * - errors: `{"errors":[{"error","code","moreInfo"}]}`;
 * - rate limit: 45 requests / 3 s per credential, 429 (code 1049) with X-Lognex-Retry-After (ms),
 *   X-RateLimit-Limit / X-RateLimit-Remaining / X-Lognex-Retry-TimeInterval / X-Lognex-Reset;
 *   at most 5 parallel requests per credential (429, code 1073);
 * - `timeScale` scales every duration (rate window, simulated latency): 1 = real limits, 0.01 = 100×
 *   faster, 0 = no rate limiting at all (the parallel limit stays);
 * - entities: a seeded, lazily generated dataset of every entity the exports read (see `catalog.ts`,
 *   `api.ts` and README.md), with runtime changes kept in an overlay.
 */

export const MOYSKLAD_API_PREFIX = "/api/remap/1.2";

export type TMoyskladSimEmployee = {
  id: string;
  accountId: string;
  name: string;
  firstName?: string;
  middleName?: string;
  lastName: string;
  email?: string;
  position?: string;
  /** `login@account` */
  uid: string;
};

/** Fails the next `times` matching requests (after auth and limits) with `status`. */
export type TMoyskladFault = {
  /** Substring of the path after `/api/remap/1.2`; every path when absent. */
  path?: string;
  method?: string;
  status: number;
  times: number;
  code?: number;
  error?: string;
};

export type TMoyskladSimState = {
  /** Bearer tokens → employee id. */
  tokens: Record<string, string>;
  /** Basic auth `login@account` → password + employee id. */
  logins: Record<string, { password: string; employeeId: string }>;
  employees: TMoyskladSimEmployee[];
  rateLimit: { limit: number; windowMs: number };
  /** Parallel requests per credential (the API allows 5). */
  parallelLimit: number;
  /** 1 = real durations; 0.01 = 100× faster; 0 = no rate limiting and no latency. */
  timeScale: number;
  /** Simulated processing time per request (ms at timeScale 1). */
  latencyMs: number;
  /** The dataset: same config → same data. Changing it rebuilds the data (runtime changes are dropped). */
  dataset: TMoyskladDatasetConfig;
  faults: TMoyskladFault[];
  /** Webhook subscriptions (`/entity/webhook`), their deliveries and delivery settings (see webhooks.ts). */
  webhooks?: TMoyskladWebhook[];
  webhookDeliveries?: TMoyskladWebhookDelivery[];
  webhookSettings?: Partial<TMoyskladWebhookSettings>;
};

export const moyskladDemo = {
  token: "ms-sandbox-token-2f6c1c1e9a4b4d2f8e7a5b3c",
  accountId: "1a2b3c4d-0000-11ef-0a80-000000000001",
  employeeId: "5e6f7a8b-0000-11ef-0a80-000000000002",
  login: "admin@pult-demo",
  password: "ms-sandbox-password",
};

export function createMoyskladState(): TMoyskladSimState {
  return {
    tokens: { [moyskladDemo.token]: moyskladDemo.employeeId },
    logins: {
      [moyskladDemo.login]: { password: moyskladDemo.password, employeeId: moyskladDemo.employeeId },
    },
    employees: [
      {
        id: moyskladDemo.employeeId,
        accountId: moyskladDemo.accountId,
        name: "Иванов Иван",
        firstName: "Иван",
        middleName: "Петрович",
        lastName: "Иванов",
        email: "admin@pult.local",
        position: "Администратор",
        uid: moyskladDemo.login,
      },
    ],
    rateLimit: { limit: 45, windowMs: 3000 },
    parallelLimit: 5,
    timeScale: 1,
    latencyMs: 0,
    dataset: { ...DEFAULT_DATASET },
    faults: [],
  };
}

type TCtx = Omit<TRequestContext, "params">;

function moreInfo(code: number): string {
  return `https://dev.moysklad.ru/doc/api/remap/1.2/#error_${code}`;
}

function sendErrors(
  ctx: TCtx,
  status: number,
  code: number,
  error: string,
  headers: THeaders = {},
  parameter?: string,
): void {
  sendJson(ctx.res, status, { errors: [{ error, code, ...(parameter ? { parameter } : {}), moreInfo: moreInfo(code) }] }, {
    headers,
    gzip: acceptsGzip(ctx),
  });
}

function acceptsGzip(ctx: TCtx): boolean {
  return /\bgzip\b/i.test(ctx.header("accept-encoding") ?? "");
}

export function employeeRepresentation(employee: TMoyskladSimEmployee, origin: string) {
  const base = `${origin}${MOYSKLAD_API_PREFIX}`;
  const shortFio = [
    employee.lastName,
    [employee.firstName, employee.middleName]
      .filter(Boolean)
      .map((n) => `${n![0]}.`)
      .join(""),
  ]
    .filter(Boolean)
    .join(" ");
  return {
    meta: {
      href: `${base}/context/employee`,
      metadataHref: `${base}/entity/employee/metadata`,
      type: "employee",
      mediaType: "application/json",
    },
    id: employee.id,
    accountId: employee.accountId,
    owner: { meta: { href: `${base}/entity/employee/${employee.id}`, type: "employee", mediaType: "application/json" } },
    shared: true,
    updated: "2026-01-15 10:00:00.000",
    name: employee.name,
    externalCode: employee.id.slice(0, 8),
    archived: false,
    created: "2025-06-01 09:00:00.000",
    uid: employee.uid,
    email: employee.email,
    firstName: employee.firstName,
    middleName: employee.middleName,
    lastName: employee.lastName,
    fullName: [employee.firstName, employee.middleName, employee.lastName].filter(Boolean).join(" "),
    shortFio,
    position: employee.position,
  };
}

/** Request counters kept by the simulator (admin API `/__sandbox/counters`). */
export type TMoyskladCounters = {
  total: number;
  /** By method and path with ids replaced by `:id`, e.g. `GET /entity/customerorder/:id/positions`. */
  byPath: Record<string, number>;
  byStatus: Record<string, number>;
  since: string;
};

const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

type TRuntime = {
  engine(): Engine;
  resetEngine(): void;
  counters: TMoyskladCounters;
  resetCounters(): void;
};

const runtimes = new WeakMap<object, TRuntime>();

function emptyCounters(): TMoyskladCounters {
  return { total: 0, byPath: {}, byStatus: {}, since: new Date().toISOString() };
}

function createRuntime(sim: TSimulatorContext<TMoyskladSimState>): TRuntime {
  let engine: Engine | undefined;
  let engineKey = "";
  const runtime: TRuntime = {
    engine() {
      const key = JSON.stringify(sim.state.dataset ?? DEFAULT_DATASET);
      if (!engine || key !== engineKey) {
        const employee = sim.state.employees[0];
        engine = new Engine(
          { ...DEFAULT_DATASET, ...sim.state.dataset },
          {
            accountId: employee?.accountId ?? moyskladDemo.accountId,
            employeeId: employee?.id ?? moyskladDemo.employeeId,
            employeeUid: employee?.uid ?? moyskladDemo.login,
          },
        );
        engineKey = key;
        attachWebhooks(sim, engine);
      }
      return engine;
    },
    resetEngine() {
      engine = undefined;
    },
    counters: emptyCounters(),
    resetCounters() {
      runtime.counters = emptyCounters();
    },
  };
  return runtime;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const moyskladSimulator = defineSimulator<TMoyskladSimState>({
  name: "moysklad",
  createState: createMoyskladState,
  routes(router, sim) {
    const runtime = createRuntime(sim);
    runtimes.set(sim, runtime);
    const limiter = createWindowLimiter(() => ({
      limit: sim.state.rateLimit.limit,
      windowMs: Math.max(1, Math.round(sim.state.rateLimit.windowMs * sim.state.timeScale)),
    }));
    const inFlight = new Map<string, number>();
    sim.onReset(() => {
      limiter.reset();
      runtime.resetEngine();
      runtime.resetCounters();
    });
    const api = apiRouter({ engine: () => runtime.engine(), prefix: MOYSKLAD_API_PREFIX });

    /**
     * The checks every request goes through; returns a release function for the parallel-request slot,
     * or undefined when a response was already sent. The slot is held until the handler has written
     * its response (small responses are produced synchronously, large pages are compressed off-thread,
     * so only genuinely overlapping requests count as parallel).
     */
    const authorize = (ctx: TCtx): (() => void) | undefined => {
      if (!acceptsGzip(ctx)) {
        sendJson(ctx.res, 415, {
          errors: [
            {
              error: "Неверное значение заголовка 'Accept-Encoding'. Запросы без сжатия не поддерживаются, укажите 'gzip'",
              code: 1062,
              moreInfo: moreInfo(1062),
            },
          ],
        });
        return undefined;
      }
      const limitKey = credentialKey(ctx);
      const employeeId = limitKey ? authorizedEmployee(ctx) : undefined;
      const employee = sim.state.employees.find((e) => e.id === employeeId);
      if (!limitKey || !employee) {
        sendErrors(
          ctx,
          401,
          1056,
          "Ошибка аутентификации: Неправильный пароль или имя пользователя или ключ авторизации",
        );
        return undefined;
      }
      const { timeScale, rateLimit } = sim.state;
      if (timeScale > 0) {
        const decision = limiter.hit(limitKey);
        const headers: THeaders = {
          "X-RateLimit-Limit": rateLimit.limit,
          "X-Lognex-Retry-TimeInterval": Math.max(1, Math.round(rateLimit.windowMs * timeScale)),
          "X-RateLimit-Remaining": decision.remaining,
          "X-Lognex-Reset": decision.resetMs,
        };
        if (!decision.allowed) {
          sendErrors(ctx, 429, 1049, "Превышено ограничение на количество запросов в единицу времени", {
            ...headers,
            "X-Lognex-Retry-After": decision.retryAfterMs,
          });
          return undefined;
        }
        for (const [name, value] of Object.entries(headers)) ctx.res.setHeader(name, value);
      }
      const running = inFlight.get(limitKey) ?? 0;
      if (running >= sim.state.parallelLimit) {
        sendErrors(ctx, 429, 1073, "Превышено ограничение на одновременное количество запросов");
        return undefined;
      }
      inFlight.set(limitKey, running + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const now = (inFlight.get(limitKey) ?? 1) - 1;
        if (now <= 0) inFlight.delete(limitKey);
        else inFlight.set(limitKey, now);
      };
      ctx.res.once("close", release);
      return release;
    };

    /** `token:<token>` / `login:<login>` for the request's credentials (validated separately). */
    const credentialKey = (ctx: TCtx): string | undefined => {
      const authorization = ctx.header("authorization");
      const token = bearerToken(authorization);
      if (token !== undefined) return `token:${token}`;
      const basic = basicCredentials(authorization);
      return basic ? `login:${basic.username}` : undefined;
    };

    /** The employee behind the request's credentials, when they are valid. */
    const authorizedEmployee = (ctx: TCtx): string | undefined => {
      const authorization = ctx.header("authorization");
      const token = bearerToken(authorization);
      if (token !== undefined) return sim.state.tokens[token];
      const basic = basicCredentials(authorization);
      const login = basic ? sim.state.logins[basic.username] : undefined;
      return login && basic && login.password === basic.password ? login.employeeId : undefined;
    };

    const count = (ctx: TCtx) => {
      const counters = runtime.counters;
      const path = ctx.path.slice(MOYSKLAD_API_PREFIX.length).replace(UUID_SEGMENT, "/:id") || "/";
      const key = `${ctx.method} ${path}`;
      counters.total++;
      counters.byPath[key] = (counters.byPath[key] ?? 0) + 1;
      ctx.res.once("finish", () => {
        const status = String(ctx.res.statusCode);
        counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
      });
    };

    const injectFault = (ctx: TCtx, path: string): boolean => {
      const fault = sim.state.faults.find(
        (f) => f.times > 0 && (!f.path || path.includes(f.path)) && (!f.method || f.method.toUpperCase() === ctx.method),
      );
      if (!fault) return false;
      fault.times--;
      const code = fault.code ?? (fault.status >= 500 ? 1999 : 1040);
      sendErrors(ctx, fault.status, code, fault.error ?? (fault.status >= 500 ? "Сервис временно недоступен" : "Неверно заданы параметры запроса"));
      return true;
    };

    router.all(new RegExp(`^${MOYSKLAD_API_PREFIX.replace(/\./g, "\\.")}(/.*)?$`), async (ctx) => {
      count(ctx);
      const release = authorize(ctx);
      if (!release) return;
      try {
        const latency = sim.state.latencyMs * sim.state.timeScale;
        if (latency > 0) await sleep(latency);
        const path = ctx.path.slice(MOYSKLAD_API_PREFIX.length) || "/";
        if (injectFault(ctx, path)) return;
        if (ctx.method === "GET" && path === "/context/employee") {
          const employee = sim.state.employees.find((e) => e.id === authorizedEmployee(ctx)) ?? sim.state.employees[0];
          await sendApiJson(ctx, 200, employeeRepresentation(employee, ctx.origin));
          return;
        }
        if (await dispatchWebhookApi(sim, { ...ctx, path }, MOYSKLAD_API_PREFIX)) return;
        if (!(await api.dispatch({ ...ctx, path }))) {
          sendErrors(ctx, 404, 1002, `Неопознанный путь: ${ctx.path}`);
        }
      } catch (error) {
        if (error instanceof MoyskladApiError) {
          sendErrors(ctx, error.status, error.code, error.message, {}, error.parameter);
          return;
        }
        throw error;
      } finally {
        release();
      }
    });
  },
  admin(router, sim) {
    const runtime = runtimes.get(sim)!;
    webhookAdminRoutes(router, sim);
    const base = (origin: string) => `${origin}${MOYSKLAD_API_PREFIX}`;
    const guard = (fn: (ctx: TCtx & { params: Record<string, string> }) => void) => (ctx: TCtx & { params: Record<string, string> }) => {
      try {
        fn(ctx);
      } catch (error) {
        if (error instanceof MoyskladApiError) {
          sendJson(ctx.res, error.status, { errors: [{ error: error.message, code: error.code }] });
          return;
        }
        sendJson(ctx.res, 400, { error: error instanceof Error ? error.message : String(error) });
      }
    };
    router
      .get("/__sandbox/dataset", ({ res }) => {
        const engine = runtime.engine();
        sendJson(res, 200, { config: engine.ds.config, types: engine.summary() });
      })
      .post("/__sandbox/dataset", guard((ctx) => {
        const input = ctx.json<Partial<TMoyskladDatasetConfig>>() ?? {};
        sim.state.dataset = { ...DEFAULT_DATASET, ...input };
        runtime.resetEngine();
        const engine = runtime.engine();
        sendJson(ctx.res, 200, { config: engine.ds.config, types: engine.summary() });
      }))
      .post("/__sandbox/modify", guard((ctx) => {
        const input = ctx.json<{ type?: string; types?: string[]; percent?: number; count?: number }>() ?? {};
        const types = input.types ?? (input.type ? [input.type] : [...DOCUMENT_TYPES]);
        for (const type of types) if (!TYPE_BY_NAME.has(type)) throw new MoyskladApiError(404, 1005, `Неизвестный тип: ${type}`);
        const modified = runtime.engine().modify(types, { percent: input.percent, count: input.count });
        sendJson(ctx.res, 200, { modified, total: modified.reduce((sum, m) => sum + m.ids.length, 0) });
      }))
      .post("/__sandbox/entities/:type", guard((ctx) => {
        const engine = runtime.engine();
        if (!TYPE_BY_NAME.has(ctx.params.type)) throw new MoyskladApiError(404, 1005, `Неизвестный тип: ${ctx.params.type}`);
        const record = engine.ingest(ctx.params.type, ctx.json<Record<string, unknown>>() ?? {});
        sendJson(ctx.res, 200, renderRecord(record, { engine, base: base(ctx.origin) }));
      }))
      .on("DELETE", "/__sandbox/entities/:type/:id", guard((ctx) => {
        runtime.engine().remove(ctx.params.type, ctx.params.id);
        sendJson(ctx.res, 200, { ok: true });
      }))
      .get("/__sandbox/counters", ({ res }) => sendJson(res, 200, runtime.counters))
      .on("GET", "/__sandbox/webhooks", ({ res }) => sendJson(res, 200, sim.state.webhooks ?? []))
      .on("DELETE", "/__sandbox/counters", ({ res }) => {
        runtime.resetCounters();
        sendJson(res, 200, { ok: true });
      });
  },
  notFound(ctx) {
    sendErrors(ctx, 404, 1002, `Неопознанный путь: ${ctx.path}`);
  },
  onError(ctx, error) {
    sendErrors(ctx, 500, 1999, `Неизвестная ошибка: ${error instanceof Error ? error.message : String(error)}`);
  },
});
