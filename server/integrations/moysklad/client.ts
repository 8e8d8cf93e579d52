import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { UpstreamError } from "../errors";
import { fetchUpstreamBuffered, joinUrl, retryAfterFromHeaders, statusError, tryParseJson, type TJsonRequest, type TUpstreamResponse } from "../http";
import {
  RATE_BUDGETS,
  rateLimitKey,
  sharedRateLimiter,
  type TRateLimiter,
  type TWindowBudget,
} from "../rate-limiter";
import { structuralCheck } from "../structural-check";
import { formatMoyskladFilterDate } from "./dates";
import {
  type TMoyskladEntityPage,
  type TMoyskladPositionPage,
  ZMoyskladAttributeMetadataPage,
  ZMoyskladEmployee,
  ZMoyskladEntity,
  ZMoyskladEntityMetadata,
  ZMoyskladEntityPage,
  ZMoyskladError,
  ZMoyskladPositionPage,
  type TMoyskladAttributeMetadata,
  type TMoyskladConfig,
  type TMoyskladEntity,
  type TMoyskladEntityMetadata,
  type TMoyskladListMeta,
  type TMoyskladPosition,
  type TMoyskladState,
} from "./schemas";

/**
 * MoySklad JSON API 1.2 over HTTP: Bearer token, mandatory gzip (`Accept-Encoding: gzip`; the body is
 * inflated off the event loop, see `fetchUpstreamBuffered`), `Accept: application/json;charset=utf-8`.
 *
 * Every request goes through the rate limiter under a key derived from a hash of the token (never the
 * token itself), with MoySklad's budget (45 requests / 3 s, ≤ 5 parallel; overridable, and a request
 * may cost more units — user tokens and login/password cost 2–4 units through 2026).
 * Retries: 429 waits `X-Lognex-Retry-After` (ms; the whole key pauses), 5xx and network failures back
 * off exponentially with jitter; other 4xx fail at once. Errors are `UpstreamError`s carrying the
 * API's own error text and code.
 */

export type TMoyskladClient = ReturnType<typeof createMoyskladClient>;

export type TMoyskladClientOptions = {
  timeoutMs?: number;
  /** Default: the process-wide shared limiter; `null` sends without client-side limiting. */
  limiter?: TRateLimiter | null;
  /** Overrides of MoySklad's budget (e.g. `{ limit: 11 }` for a user token after 01.12.2026). */
  budget?: Partial<Omit<TWindowBudget, "kind">>;
  /** Units each request costs (default 1). */
  requestCost?: number;
  /** Attempts per request for 5xx / network failures (default 6; 1 = no retries at all). */
  maxAttempts?: number;
  /** Extra attempts a request may spend waiting out 429s (default 20; 0 when maxAttempts is 1). */
  maxRateLimitRetries?: number;
  /** Exponential backoff for 5xx and network failures: base × 2^(attempt−1), capped, with jitter. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
};

/** Request counters of one client (for run statistics and the benchmark). */
export type TMoyskladClientStats = {
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
  /** 429 answers (rate or parallel limit). */
  rateLimited: number;
  serverErrors: number;
  networkErrors: number;
  /** Time spent waiting for the limiter, ms. */
  limiterWaitMs: number;
  /** Requests per `METHOD /path` with ids replaced by `:id`. */
  byPath: Record<string, number>;
};

export type TMoyskladListOptions = {
  /** Entity type: `customerorder`, `demand`, `counterparty`, `assortment`, … */
  entity: string;
  /** Rows per page: ≤ 1000 (default 1000), ≤ 100 when `expand` is set (default 100 then). */
  limit?: number;
  /** Start offset (resume from a checkpoint). */
  offset?: number;
  /** Raw filter, e.g. `applicable=true;state.name=Новый` (combined with the dates below by `;`). */
  filter?: string;
  /** `updated>=…` — a Date (sent in Moscow time, seconds precision) or a MoySklad DateTime string. */
  updatedFrom?: Date | string;
  /** `updated<=…` */
  updatedTo?: Date | string;
  /** e.g. `agent,organization,positions.assortment` (forces limit ≤ 100: the API ignores expand above). */
  expand?: string;
  /** e.g. `updated,asc` — recommended for incremental reads (changes append at the end). */
  order?: string;
  search?: string;
};

export type TMoyskladPage = {
  rows: TMoyskladEntity[];
  meta: TMoyskladListMeta;
  /** Offset of this page. */
  offset: number;
  /** Offset of the next page (null on the last one) — the checkpoint to resume from. */
  nextOffset: number | null;
  /** HTTP requests this page took (retries included). */
  pageRequests: number;
  /** HTTP requests made by this listing so far (retries included). */
  requestCount: number;
  /** Size of the page's JSON text (characters), for callers that bound what they hold in memory. */
  bytes: number;
};

const MAX_LIMIT = 1000;
const MAX_EXPAND_LIMIT = 100;
const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

function dateFilter(value: Date | string): string {
  return typeof value === "string" ? value : formatMoyskladFilterDate(value);
}

/**
 * JSON → validated by `schema` → the ORIGINAL value (all fields kept; see schemas.ts). A mismatch
 * is a `bad_response` naming the field. The schema runs as a compiled structural check (no copy of
 * every object, see structural-check.ts); zod itself only describes a mismatch.
 */
function parseValidated<T>(schema: z.ZodType, text: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UpstreamError({ provider: "moysklad", kind: "bad_response", userMessage: "Неожиданный ответ сервера (МойСклад): не JSON" });
  }
  const check = structuralCheck(schema);
  if (check?.(value)) return value as T;
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "ответ";
    throw new UpstreamError({
      provider: "moysklad",
      kind: "bad_response",
      userMessage: `Неожиданный ответ сервера (МойСклад): поле ${where} не соответствует ожидаемому формату`,
      detail: issue?.message,
    });
  }
  return value as T;
}

function describe(response: TUpstreamResponse) {
  const body = tryParseJson(ZMoyskladError, response.text);
  const first = body?.errors[0];
  const retryAfter = Number(response.headers.get("x-lognex-retry-after"));
  return {
    code: first?.code,
    detail: first ? `${first.error}${first.code ? ` (код ${first.code})` : ""}` : undefined,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : retryAfterFromHeaders(response.headers),
  };
}

export function createMoyskladClient(config: TMoyskladConfig, options: TMoyskladClientOptions = {}) {
  const limiter = options.limiter === undefined ? sharedRateLimiter : options.limiter;
  const budget: TWindowBudget = { ...RATE_BUDGETS.moysklad, ...options.budget, kind: "window" };
  const key = rateLimitKey("moysklad", config.token);
  const cost = options.requestCost ?? 1;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const maxRateLimitRetries = options.maxRateLimitRetries ?? (maxAttempts === 1 ? 0 : 20);
  const baseMs = options.backoff?.baseMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const headers = {
    Authorization: `Bearer ${config.token}`,
    "Accept-Encoding": "gzip",
    Accept: "application/json;charset=utf-8",
  };
  const messages = { auth: "Неверный токен МойСклад", forbidden: "Нет доступа к API МойСклад" };

  const emptyStats = (): TMoyskladClientStats => ({
    requests: 0,
    retries: 0,
    rateLimited: 0,
    serverErrors: 0,
    networkErrors: 0,
    limiterWaitMs: 0,
    byPath: {},
  });
  let stats = emptyStats();

  const backoffMs = (attempt: number) => {
    const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
    return Math.round(ceiling * (0.5 + random() * 0.5));
  };

  /** One logical request with limiter, retries and error mapping; returns the data and the attempts made. */
  async function call<T>(schema: z.ZodType, req: TJsonRequest): Promise<{ data: T; attempts: number; bytes: number }> {
    const url = joinUrl(config.baseUrl, req.path, req.query);
    const pathKey = `${req.method ?? "GET"} /${req.path.replace(/^\/+/, "")}`.replace(UUID_SEGMENT, "/:id");
    let body: string | undefined;
    const requestHeaders: Record<string, string> = { ...headers, ...req.headers };
    if (req.json !== undefined) {
      requestHeaders["Content-Type"] = "application/json";
      body = JSON.stringify(req.json);
    }
    let lastError: UpstreamError | undefined;
    let rateLimitedRetries = 0;
    for (let attempt = 1, sent = 0; attempt <= maxAttempts; sent++) {
      if (sent > 0) stats.retries++;
      const permit = limiter ? await limiter.acquire(key, { budget, cost }) : undefined;
      if (permit) stats.limiterWaitMs += permit.waitedMs;
      let response: TUpstreamResponse;
      stats.requests++;
      stats.byPath[pathKey] = (stats.byPath[pathKey] ?? 0) + 1;
      try {
        response = await fetchUpstreamBuffered({ provider: "moysklad", url, method: req.method, headers: requestHeaders, body, timeoutMs: options.timeoutMs });
      } catch (error) {
        permit?.release();
        const upstream = error instanceof UpstreamError ? error : new UpstreamError({ provider: "moysklad", kind: "unreachable", userMessage: "Сервер недоступен (МойСклад)" });
        stats.networkErrors++;
        lastError = upstream;
        if (!upstream.retryable || attempt === maxAttempts) throw upstream;
        await sleep(backoffMs(attempt));
        attempt++;
        continue;
      }
      permit?.release();
      // The server tells how much budget is left: at 0, nobody on this key starts until the window moves.
      const remaining = response.headers.get("x-ratelimit-remaining");
      if (limiter && remaining !== null && Number(remaining) <= 0) {
        const reset = Number(response.headers.get("x-lognex-reset") ?? response.headers.get("x-lognex-retry-after"));
        if (Number.isFinite(reset) && reset > 0) limiter.pause(key, reset);
      }
      if (response.status >= 200 && response.status < 300) {
        return { data: parseValidated<T>(schema, response.text), attempts: sent + 1, bytes: response.text.length };
      }
      const own = describe(response);
      const error = statusError({
        provider: "moysklad",
        status: response.status,
        description: { detail: own.detail, retryAfterMs: own.retryAfterMs },
        messages,
        secrets: [config.token],
      });
      lastError = error;
      if (response.status === 429) {
        stats.rateLimited++;
        // Parallel-limit rejections (1073) carry no hint: back off briefly.
        const wait = own.retryAfterMs ?? backoffMs(rateLimitedRetries + 1);
        if (limiter) limiter.pause(key, wait);
        if (rateLimitedRetries >= maxRateLimitRetries) throw error;
        rateLimitedRetries++;
        await sleep(wait);
        continue;
      }
      if (response.status >= 500) {
        stats.serverErrors++;
        if (attempt === maxAttempts) throw error;
        await sleep(backoffMs(attempt));
        attempt++;
        continue;
      }
      throw error;
    }
    throw lastError ?? new UpstreamError({ provider: "moysklad", kind: "server_error", userMessage: "Ошибка на стороне сервера (МойСклад)" });
  }

  /** A request validated by `schema`; returns the parsed JSON (typed as the schema's output, unknown fields kept). */
  const request = async <S extends z.ZodType, T = z.output<S>>(schema: S, req: TJsonRequest): Promise<T> => (await call<T>(schema, req)).data;

  async function* listPages(list: TMoyskladListOptions): AsyncGenerator<TMoyskladPage> {
    const max = list.expand ? MAX_EXPAND_LIMIT : MAX_LIMIT;
    const limit = Math.max(1, Math.min(max, list.limit ?? max));
    const filter = [
      list.filter,
      list.updatedFrom !== undefined ? `updated>=${dateFilter(list.updatedFrom)}` : undefined,
      list.updatedTo !== undefined ? `updated<=${dateFilter(list.updatedTo)}` : undefined,
    ]
      .filter(Boolean)
      .join(";");
    let offset = Math.max(0, list.offset ?? 0);
    let requestCount = 0;
    for (;;) {
      const { data, attempts, bytes } = await call<TMoyskladEntityPage>(ZMoyskladEntityPage, {
        path: `/entity/${list.entity}`,
        query: {
          limit,
          offset,
          filter: filter || undefined,
          order: list.order,
          expand: list.expand,
          search: list.search,
        },
      });
      requestCount += attempts;
      let nextOffset: number | null = null;
      if (data.meta.nextHref && data.rows.length > 0) {
        // Follow the server's next page, but always against our own base URL (the token never leaves it).
        const fromHref = Number(new URL(data.meta.nextHref, config.baseUrl).searchParams.get("offset"));
        nextOffset = Number.isInteger(fromHref) && fromHref > offset ? fromHref : offset + data.rows.length;
      }
      yield { rows: data.rows, meta: data.meta, offset, nextOffset, pageRequests: attempts, requestCount, bytes };
      if (nextOffset === null) return;
      offset = nextOffset;
    }
  }

  return {
    /** The limiter key of this account (a hash of the token). */
    limiterKey: key,
    request,
    /** The employee the token belongs to (`GET /context/employee`). */
    getContextEmployee: () => request(ZMoyskladEmployee, { path: "/context/employee" }),

    /** Pages of an entity list, following `nextHref`; each page is validated. */
    listPages,

    /** Every row of a list (small lists: directories, metadata-sized sets). */
    async listAll(list: TMoyskladListOptions): Promise<TMoyskladEntity[]> {
      const rows: TMoyskladEntity[] = [];
      for await (const page of listPages(list)) rows.push(...page.rows);
      return rows;
    },

    /**
     * All rows of a document's collection (`positions`; also `productionrows`, `products`,
     * `materials`, `components`), paged by 1000 (100 with expand, e.g. `assortment`).
     */
    async listPositions(
      entity: string,
      id: string,
      opts: { collection?: string; expand?: string } = {},
    ): Promise<TMoyskladPosition[]> {
      const limit = opts.expand ? MAX_EXPAND_LIMIT : MAX_LIMIT;
      const rows: TMoyskladPosition[] = [];
      for (let offset = 0; ; offset += limit) {
        const page = await request<typeof ZMoyskladPositionPage, TMoyskladPositionPage>(ZMoyskladPositionPage, {
          path: `/entity/${entity}/${id}/${opts.collection ?? "positions"}`,
          query: { limit, offset, expand: opts.expand },
        });
        rows.push(...page.rows);
        if (!page.meta.nextHref || page.rows.length === 0) return rows;
      }
    },

    getById: (entity: string, id: string, opts: { expand?: string } = {}) =>
      request<typeof ZMoyskladEntity, TMoyskladEntity>(ZMoyskladEntity, { path: `/entity/${entity}/${id}`, query: { expand: opts.expand } }),

    getMetadata: (entity: string) =>
      request<typeof ZMoyskladEntityMetadata, TMoyskladEntityMetadata>(ZMoyskladEntityMetadata, { path: `/entity/${entity}/metadata` }),

    /** Custom attributes of an entity type (products' also apply to services and bundles). */
    async getAttributesMetadata(entity: string): Promise<TMoyskladAttributeMetadata[]> {
      const page = await request<typeof ZMoyskladAttributeMetadataPage, { rows: TMoyskladAttributeMetadata[] }>(ZMoyskladAttributeMetadataPage, {
        path: `/entity/${entity}/metadata/attributes`,
      });
      return page.rows;
    },

    /** Document statuses of an entity type (`/entity/<type>/metadata` → `states`). */
    async getStates(entity: string): Promise<TMoyskladState[]> {
      const metadata = await request<typeof ZMoyskladEntityMetadata, TMoyskladEntityMetadata>(ZMoyskladEntityMetadata, { path: `/entity/${entity}/metadata` });
      return metadata.states ?? [];
    },

    /**
     * Creates a document (or entity) — `POST /entity/<type>`. A `syncId` is added when absent, so a
     * retried request never creates a duplicate (the API returns the existing object).
     */
    createDocument: (entity: string, body: Record<string, unknown>, opts: { expand?: string } = {}) =>
      request<typeof ZMoyskladEntity, TMoyskladEntity>(ZMoyskladEntity, {
        path: `/entity/${entity}`,
        method: "POST",
        query: { expand: opts.expand },
        json: { syncId: randomUUID(), ...body },
      }),

    stats: (): TMoyskladClientStats => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
  };
}
