import { basicCredentials, bearerToken, sendJson, type THeaders } from "../lib/http";
import { createWindowLimiter } from "../lib/rate-limit";
import { defineSimulator } from "../lib/simulator";
import type { TRequestContext } from "../lib/router";

/**
 * MoySklad JSON API 1.2 simulator (https://dev.moysklad.ru/doc/api/remap/1.2/).
 * - auth: `Authorization: Bearer <token>` or Basic login:password;
 * - gzip is mandatory: without `Accept-Encoding: gzip` the request is refused with 415;
 *   every other response is gzipped;
 * - errors: `{"errors":[{"error","code","moreInfo"}]}`;
 * - rate limit: 45 requests / 3 s per credential, 429 with X-Lognex-Retry-After (ms),
 *   X-RateLimit-Limit / X-RateLimit-Remaining / X-Lognex-Retry-TimeInterval / X-Lognex-Reset.
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

export type TMoyskladSimState = {
  /** Bearer tokens → employee id. */
  tokens: Record<string, string>;
  /** Basic auth `login@account` → password + employee id. */
  logins: Record<string, { password: string; employeeId: string }>;
  employees: TMoyskladSimEmployee[];
  rateLimit: { limit: number; windowMs: number };
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
  };
}

type TCtx = Omit<TRequestContext, "params">;

function moreInfo(code: number): string {
  return `https://dev.moysklad.ru/doc/api/remap/1.2/#error_${code}`;
}

function sendErrors(ctx: TCtx, status: number, code: number, error: string, headers: THeaders = {}): void {
  sendJson(ctx.res, status, { errors: [{ error, code, moreInfo: moreInfo(code) }] }, {
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

export const moyskladSimulator = defineSimulator<TMoyskladSimState>({
  name: "moysklad",
  createState: createMoyskladState,
  routes(router, sim) {
    const limiter = createWindowLimiter(() => sim.state.rateLimit);
    sim.onReset(() => limiter.reset());

    /** Runs the checks every real request goes through; returns the caller's employee or undefined (response sent). */
    const authorize = (ctx: TCtx): TMoyskladSimEmployee | undefined => {
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
      const authorization = ctx.header("authorization");
      const token = bearerToken(authorization);
      const basic = basicCredentials(authorization);
      let employeeId: string | undefined;
      let limitKey = "";
      if (token !== undefined) {
        employeeId = sim.state.tokens[token];
        limitKey = `token:${token}`;
      } else if (basic) {
        const login = sim.state.logins[basic.username];
        employeeId = login && login.password === basic.password ? login.employeeId : undefined;
        limitKey = `login:${basic.username}`;
      }
      const employee = sim.state.employees.find((e) => e.id === employeeId);
      if (!employee) {
        sendErrors(
          ctx,
          401,
          1056,
          "Ошибка аутентификации: Неправильный пароль или имя пользователя или ключ авторизации",
        );
        return undefined;
      }
      const decision = limiter.hit(limitKey);
      const headers: THeaders = {
        "X-RateLimit-Limit": sim.state.rateLimit.limit,
        "X-Lognex-Retry-TimeInterval": sim.state.rateLimit.windowMs,
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
      return employee;
    };

    router.get(`${MOYSKLAD_API_PREFIX}/context/employee`, (ctx) => {
      const employee = authorize(ctx);
      if (!employee) return;
      sendJson(ctx.res, 200, employeeRepresentation(employee, ctx.origin), { gzip: true });
    });

    router.all(new RegExp(`^${MOYSKLAD_API_PREFIX.replace(/\./g, "\\.")}/.*`), (ctx) => {
      if (!authorize(ctx)) return;
      sendErrors(ctx, 404, 1002, `Неопознанный путь: ${ctx.path}`);
    });
  },
  notFound(ctx) {
    sendErrors(ctx, 404, 1002, `Неопознанный путь: ${ctx.path}`);
  },
  onError(ctx, error) {
    sendErrors(ctx, 500, 1999, `Неизвестная ошибка: ${error instanceof Error ? error.message : String(error)}`);
  },
});
