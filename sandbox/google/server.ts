import { createPublicKey, randomBytes, verify } from "node:crypto";
import { bearerToken, sendJson, sendText } from "../lib/http";
import { createWindowLimiter } from "../lib/rate-limit";
import type { Router, TRequestContext } from "../lib/router";
import { defineSimulator, type TSimulatorContext } from "../lib/simulator";
import { createSpreadsheet, dumpSpreadsheet, findSpreadsheet, shareSpreadsheet, type TCreateSpreadsheetInput } from "./admin";
import { applyBatchUpdate } from "./batch-update";
import { SheetsApiError, spreadsheetResource, type TGoogleSimSpreadsheet, type TSheetsLimits } from "./model";
import {
  appendValues,
  batchClearValues,
  batchGetValues,
  batchUpdateValues,
  clearValues,
  getValues,
  updateValues,
  type TValuesContext,
} from "./values";
import { renderIndex, renderSpreadsheet } from "./view";

export type { TGoogleSimCell, TGoogleSimSheet, TGoogleSimSpreadsheet } from "./model";
export type { TCreateSpreadsheetInput } from "./admin";

/**
 * Google OAuth 2.0 token endpoint (service-account JWT bearer grant) + Sheets API v4 simulator.
 * - `POST /token` with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<RS256 JWT>`;
 *   the signature is verified against the public key registered for the JWT's `iss` (client_email);
 *   errors are `{"error","error_description"}` with HTTP 400 (invalid_grant / invalid_scope / unsupported_grant_type);
 * - Sheets v4 with `Authorization: Bearer <access_token>`: `GET /v4/spreadsheets/{id}`,
 *   `POST …/{id}:batchUpdate` (atomic), `values` get / batchGet / update / append / batchUpdate / clear / batchClear;
 *   errors are `{"error":{"code","message","status"}}` (400 INVALID_ARGUMENT, 401 UNAUTHENTICATED,
 *   403 PERMISSION_DENIED, 404 NOT_FOUND, 429 RESOURCE_EXHAUSTED, 5xx from injected faults).
 * - Limits: 60 read and 60 write requests per minute per user (windows scaled by `settings.timeScale`,
 *   0 = off), 10,000,000 cells per spreadsheet, 50,000 characters per cell, 10 MiB per request body.
 * - Admin (`/__sandbox/…`): spreadsheets (create, list, dump, share, delete), settings, faults,
 *   counters, key revocation and a read-only HTML view at `/__sandbox/view/{id}`.
 * The same server serves token and API: rootUrl = `${url}/`, token_uri = `${url}/token`.
 */

export const GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
const SHEETS_SCOPES = [
  "https://www.googleapis.com/auth/spreadsheets",
  "https://www.googleapis.com/auth/spreadsheets.readonly",
  "https://www.googleapis.com/auth/drive",
  "https://www.googleapis.com/auth/drive.file",
  "https://www.googleapis.com/auth/drive.readonly",
];

export type TGoogleSimServiceAccount = {
  clientEmail: string;
  publicKeyPem: string;
  privateKeyId?: string;
  /** The key was deleted in the Cloud console: the token endpoint refuses its JWTs. */
  revoked?: boolean;
};

export type TGoogleSimSettings = {
  /** Scales the per-minute quota windows: 0 = no quotas (fast tests), 1 = real (benchmarks), 0.01 = 0.6 s windows. */
  timeScale: number;
  readRequestsPerMinute: number;
  writeRequestsPerMinute: number;
  maxCells: number;
  maxCellChars: number;
  maxPayloadBytes: number;
};

/** The next `times` API calls (optionally of one kind) answer `status` before doing anything. */
export type TGoogleSimFault = { status: number; times: number; kind?: "read" | "write" };

export type TGoogleSimCounters = {
  /** Calls that passed auth and quota, by kind and by method (`values.append`, …). */
  reads: number;
  writes: number;
  /** Calls answered 429 by the quota. */
  rateLimited: number;
  byMethod: Record<string, number>;
  byUser: Record<string, { reads: number; writes: number; rateLimited: number }>;
};

export type TGoogleSimState = {
  serviceAccounts: TGoogleSimServiceAccount[];
  accessTokens: Record<string, { clientEmail: string; scopes: string[]; expiresAt: number }>;
  spreadsheets: TGoogleSimSpreadsheet[];
  settings: TGoogleSimSettings;
  faults: TGoogleSimFault[];
  counters: TGoogleSimCounters;
};

export const googleDemo = {
  clientEmail: "pult-export@pult-sandbox.iam.gserviceaccount.com",
  spreadsheetId: "1PuLtSaNdBoXdEmOsPrEaDsHeEt0000000000000000",
};

export function createGoogleState(): TGoogleSimState {
  return {
    serviceAccounts: [],
    accessTokens: {},
    spreadsheets: [
      {
        spreadsheetId: googleDemo.spreadsheetId,
        title: "Pult — выгрузки МойСклад",
        locale: "ru_RU",
        timeZone: "Europe/Moscow",
        sheets: [
          { sheetId: 0, title: "Товары", rowCount: 1000, columnCount: 26 },
          { sheetId: 1, title: "Заказы покупателей", rowCount: 1000, columnCount: 26 },
        ],
        sharedWith: [googleDemo.clientEmail],
      },
    ],
    settings: {
      timeScale: 0,
      readRequestsPerMinute: 60,
      writeRequestsPerMinute: 60,
      maxCells: 10_000_000,
      maxCellChars: 50_000,
      maxPayloadBytes: 10 * 1024 * 1024,
    },
    faults: [],
    counters: emptyCounters(),
  };
}

/** The read-only HTML page of a simulated spreadsheet (rootUrl = the simulator's `${url}/`). */
export function googleSheetsViewUrl(rootUrl: string, spreadsheetId: string): string {
  return `${rootUrl.replace(/\/+$/, "")}/__sandbox/view/${encodeURIComponent(spreadsheetId)}`;
}

/** Seed input that patches settings (the seed merges them): `sim.seed(withGoogleSettings({ timeScale: 1 }), { persistent: true })`. */
export function withGoogleSettings(patch: Partial<TGoogleSimSettings>): Partial<TGoogleSimState> {
  return { settings: patch as TGoogleSimSettings };
}

function emptyCounters(): TGoogleSimCounters {
  return { reads: 0, writes: 0, rateLimited: 0, byMethod: {}, byUser: {} };
}

type TCtx = Omit<TRequestContext, "params">;

function oauthError(ctx: TCtx, status: number, error: string, description: string): void {
  sendJson(ctx.res, status, { error, error_description: description });
}

function apiError(ctx: TCtx, code: number, status: string, message: string, details?: unknown[]): void {
  const headers = code === 401 ? { "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"' } : undefined;
  sendJson(ctx.res, code, { error: { code, message, status, ...(details ? { details } : {}) } }, { headers });
}

const FAULT_STATUS: Record<number, [string, string]> = {
  500: ["INTERNAL", "Internal error encountered."],
  502: ["UNAVAILABLE", "Bad Gateway"],
  503: ["UNAVAILABLE", "The service is currently unavailable."],
  504: ["DEADLINE_EXCEEDED", "The service was unable to fulfill your request. Please try again."],
};

const PROJECT_NUMBER = "418260975310";

function quotaError(kind: TKind, limit: number): SheetsApiError {
  const title = kind === "read" ? "Read" : "Write";
  return new SheetsApiError(
    429,
    "RESOURCE_EXHAUSTED",
    `Quota exceeded for quota metric '${title} requests' and limit '${title} requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:${PROJECT_NUMBER}'.`,
    [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "RATE_LIMIT_EXCEEDED",
        domain: "googleapis.com",
        metadata: {
          service: "sheets.googleapis.com",
          consumer: `projects/${PROJECT_NUMBER}`,
          quota_metric: `sheets.googleapis.com/${kind}_requests`,
          quota_limit: `${title}RequestsPerMinutePerUser`,
          quota_limit_value: String(limit),
          quota_location: "global",
        },
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [{ description: "Request a higher quota limit.", url: "https://cloud.google.com/docs/quotas/help/request_increase" }],
      },
    ],
  );
}

type TKind = "read" | "write";

type TApiCall = {
  ctx: TRequestContext;
  spreadsheet: TGoogleSimSpreadsheet;
  values: TValuesContext;
  body: unknown;
};

/** The Sheets API routes: [method, path regex, quota kind, API method name, handler]. */
const API_ROUTES: [string, RegExp, TKind, string, (call: TApiCall, range: string) => unknown][] = [
  ["GET", /^\/v4\/spreadsheets\/([^/:]+)$/, "read", "spreadsheets.get", (c) => spreadsheetResource(c.spreadsheet)],
  ["POST", /^\/v4\/spreadsheets\/([^/:]+):batchUpdate$/, "write", "spreadsheets.batchUpdate", (c) =>
    applyBatchUpdate(c.spreadsheet, c.body, c.values.limits)],
  ["GET", /^\/v4\/spreadsheets\/([^/:]+)\/values:batchGet$/, "read", "values.batchGet", (c) =>
    batchGetValues(c.values, c.ctx.query.getAll("ranges"), readOptions(c.ctx))],
  ["POST", /^\/v4\/spreadsheets\/([^/:]+)\/values:batchUpdate$/, "write", "values.batchUpdate", (c) =>
    batchUpdateValues(c.values, c.body)],
  ["POST", /^\/v4\/spreadsheets\/([^/:]+)\/values:batchClear$/, "write", "values.batchClear", (c) =>
    batchClearValues(c.values, c.body)],
  ["POST", /^\/v4\/spreadsheets\/([^/:]+)\/values\/([^/]+):append$/, "write", "values.append", (c, range) =>
    appendValues(c.values, range, c.body, queryOptions(c.ctx))],
  ["POST", /^\/v4\/spreadsheets\/([^/:]+)\/values\/([^/]+):clear$/, "write", "values.clear", (c, range) =>
    clearValues(c.values, range)],
  ["GET", /^\/v4\/spreadsheets\/([^/:]+)\/values\/([^/]+)$/, "read", "values.get", (c, range) =>
    getValues(c.values, range, readOptions(c.ctx))],
  ["PUT", /^\/v4\/spreadsheets\/([^/:]+)\/values\/([^/]+)$/, "write", "values.update", (c, range) =>
    updateValues(c.values, range, c.body, queryOptions(c.ctx))],
];

function readOptions(ctx: TRequestContext) {
  return { majorDimension: ctx.query.get("majorDimension") ?? undefined, valueRenderOption: ctx.query.get("valueRenderOption") ?? undefined };
}

function queryOptions(ctx: TRequestContext) {
  return {
    valueInputOption: ctx.query.get("valueInputOption") ?? undefined,
    insertDataOption: ctx.query.get("insertDataOption") ?? undefined,
  };
}

function limitsOf(settings: TGoogleSimSettings): TSheetsLimits {
  return { maxCells: settings.maxCells, maxCellChars: settings.maxCellChars };
}

function registerSheetsApi(router: Router, sim: TSimulatorContext<TGoogleSimState>): void {
  const limiters = {
    read: createWindowLimiter(() => ({ limit: sim.state.settings.readRequestsPerMinute, windowMs: 60_000 * sim.state.settings.timeScale })),
    write: createWindowLimiter(() => ({ limit: sim.state.settings.writeRequestsPerMinute, windowMs: 60_000 * sim.state.settings.timeScale })),
  };
  sim.onReset(() => {
    limiters.read.reset();
    limiters.write.reset();
  });

  const handle = (ctx: TRequestContext, route: (typeof API_ROUTES)[number], match: RegExpExecArray) => {
    const [, , kind, method, run] = route;
    const state = sim.state;
    const { counters, settings } = state;
    counters.byMethod[method] = (counters.byMethod[method] ?? 0) + 1;

    const faultIndex = state.faults.findIndex((f) => f.times > 0 && (!f.kind || f.kind === kind));
    if (faultIndex >= 0) {
      const fault = state.faults[faultIndex];
      fault.times -= 1;
      if (fault.times <= 0) state.faults.splice(faultIndex, 1);
      const [status, message] = FAULT_STATUS[fault.status] ?? ["UNKNOWN", "Unknown error."];
      return apiError(ctx, fault.status, status, message);
    }

    const token = bearerToken(ctx.header("authorization"));
    const grant = token ? state.accessTokens[token] : undefined;
    if (!grant || grant.expiresAt < Date.now()) {
      return apiError(
        ctx,
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
      );
    }
    if (!grant.scopes.some((s) => SHEETS_SCOPES.includes(s))) {
      return apiError(ctx, 403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.");
    }
    if (ctx.body.length > settings.maxPayloadBytes) {
      return apiError(ctx, 400, "INVALID_ARGUMENT", `Request payload size exceeds the limit: ${settings.maxPayloadBytes} bytes.`);
    }
    const user = (counters.byUser[grant.clientEmail] ??= { reads: 0, writes: 0, rateLimited: 0 });
    if (settings.timeScale > 0 && !limiters[kind].hit(grant.clientEmail).allowed) {
      counters.rateLimited += 1;
      user.rateLimited += 1;
      const limit = kind === "read" ? settings.readRequestsPerMinute : settings.writeRequestsPerMinute;
      const error = quotaError(kind, limit);
      return apiError(ctx, error.code, error.status, error.message, error.details);
    }
    if (kind === "read") {
      counters.reads += 1;
      user.reads += 1;
    } else {
      counters.writes += 1;
      user.writes += 1;
    }

    let spreadsheetId: string;
    let range: string;
    try {
      spreadsheetId = decodeURIComponent(match[1]);
      range = match[2] === undefined ? "" : decodeURIComponent(match[2]);
    } catch {
      return apiError(ctx, 400, "INVALID_ARGUMENT", `Unable to parse range: ${match[2] ?? ""}`);
    }
    const spreadsheet = findSpreadsheet(state, spreadsheetId);
    if (!spreadsheet) return apiError(ctx, 404, "NOT_FOUND", "Requested entity was not found.");
    const canWrite = spreadsheet.sharedWith.includes(grant.clientEmail);
    const canRead = canWrite || (spreadsheet.readers ?? []).includes(grant.clientEmail);
    if (!canRead || (kind === "write" && !canWrite)) {
      return apiError(ctx, 403, "PERMISSION_DENIED", "The caller does not have permission");
    }
    let body: unknown;
    try {
      body = ctx.json();
    } catch {
      return apiError(ctx, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
    }
    try {
      const result = run({ ctx, spreadsheet, values: { spreadsheet, limits: limitsOf(settings) }, body }, range);
      sendJson(ctx.res, 200, result);
    } catch (error) {
      if (!(error instanceof SheetsApiError)) throw error;
      apiError(ctx, error.code, error.status, error.message, error.details);
    }
  };

  router.all(/^\/v4\/spreadsheets\/.+/, (ctx) => {
    for (const route of API_ROUTES) {
      const match = route[0] === ctx.method ? route[1].exec(ctx.path) : null;
      if (match) return handle(ctx, route, match);
    }
    apiError(ctx, 404, "NOT_FOUND", `Method not found: ${ctx.method} ${ctx.path}`);
  });
}

function registerAdmin(router: Router, sim: TSimulatorContext<TGoogleSimState>): void {
  const guarded = (fn: (ctx: TRequestContext) => void) => (ctx: TRequestContext) => {
    try {
      fn(ctx);
    } catch (error) {
      if (!(error instanceof SheetsApiError)) throw error;
      apiError(ctx, error.code, error.status, error.message);
    }
  };
  const spreadsheetOr404 = (ctx: TRequestContext) => {
    const spreadsheet = findSpreadsheet(sim.state, ctx.params.id);
    if (!spreadsheet) throw new SheetsApiError(404, "NOT_FOUND", `No spreadsheet ${ctx.params.id}`);
    return spreadsheet;
  };
  router
    .post("/__sandbox/spreadsheets", guarded((ctx) => {
      const input = ctx.json<TCreateSpreadsheetInput>() ?? {};
      const spreadsheet = createSpreadsheet(sim.state, input, limitsOf(sim.state.settings));
      sendJson(ctx.res, 201, dumpSpreadsheet(spreadsheet));
    }))
    .get("/__sandbox/spreadsheets", ({ res }) => {
      const list = sim.state.spreadsheets.map((s) => ({ spreadsheetId: s.spreadsheetId, title: s.title, sheets: s.sheets.map((x) => x.title) }));
      sendJson(res, 200, list);
    })
    .get("/__sandbox/spreadsheets/:id", guarded((ctx) => sendJson(ctx.res, 200, dumpSpreadsheet(spreadsheetOr404(ctx)))))
    .on("DELETE", "/__sandbox/spreadsheets/:id", guarded((ctx) => {
      const spreadsheet = spreadsheetOr404(ctx);
      sim.state.spreadsheets = sim.state.spreadsheets.filter((s) => s !== spreadsheet);
      sendJson(ctx.res, 200, { ok: true });
    }))
    .post("/__sandbox/spreadsheets/:id/share", guarded((ctx) => {
      const { email, role = "writer" } = ctx.json<{ email: string; role?: "writer" | "reader" | "none" }>() ?? { email: "" };
      if (!email) throw new SheetsApiError(400, "INVALID_ARGUMENT", "email is required");
      const spreadsheet = spreadsheetOr404(ctx);
      shareSpreadsheet(spreadsheet, email, role);
      sendJson(ctx.res, 200, { sharedWith: spreadsheet.sharedWith, readers: spreadsheet.readers });
    }))
    .get("/__sandbox/settings", ({ res }) => sendJson(res, 200, sim.state.settings))
    .post("/__sandbox/settings", (ctx) => {
      Object.assign(sim.state.settings, ctx.json<Partial<TGoogleSimSettings>>() ?? {});
      sendJson(ctx.res, 200, sim.state.settings);
    })
    .post("/__sandbox/faults", (ctx) => {
      const fault = ctx.json<TGoogleSimFault>();
      if (fault) sim.state.faults.push({ status: fault.status ?? 503, times: fault.times ?? 1, kind: fault.kind });
      sendJson(ctx.res, 200, sim.state.faults);
    })
    .on("DELETE", "/__sandbox/faults", ({ res }) => {
      sim.state.faults = [];
      sendJson(res, 200, { ok: true });
    })
    .get("/__sandbox/counters", ({ res }) => sendJson(res, 200, sim.state.counters))
    .on("DELETE", "/__sandbox/counters", ({ res }) => {
      sim.state.counters = emptyCounters();
      sendJson(res, 200, { ok: true });
    })
    .post("/__sandbox/service-accounts/revoke", guarded((ctx) => {
      const email = ctx.json<{ clientEmail?: string }>()?.clientEmail ?? "";
      if (!revokeServiceAccount(sim.state, email)) throw new SheetsApiError(404, "NOT_FOUND", `No service account ${email}`);
      sendJson(ctx.res, 200, { ok: true });
    }))
    .get("/__sandbox/view/?", ({ res }) => sendText(res, 200, renderIndex(sim.state.spreadsheets), { contentType: "text/html; charset=utf-8" }))
    .get("/__sandbox/view/:id", guarded((ctx) => {
      const sheet = ctx.query.get("sheet");
      const limit = Number(ctx.query.get("limit") ?? "") || undefined;
      const html = renderSpreadsheet(spreadsheetOr404(ctx), { sheetId: sheet === null ? undefined : Number(sheet), limit });
      sendText(ctx.res, 200, html, { contentType: "text/html; charset=utf-8" });
    }));
}

/** Deletes a service account's key: new tokens are refused, issued ones are dropped. */
export function revokeServiceAccount(state: TGoogleSimState, clientEmail: string): boolean {
  const account = state.serviceAccounts.find((a) => a.clientEmail === clientEmail);
  if (!account) return false;
  account.revoked = true;
  for (const [token, grant] of Object.entries(state.accessTokens)) {
    if (grant.clientEmail === clientEmail) delete state.accessTokens[token];
  }
  return true;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const googleSimulator = defineSimulator<TGoogleSimState>({
  name: "google",
  createState: createGoogleState,
  seed(state, input) {
    // Service accounts are added (keys are generated per run), everything else is replaced.
    const { serviceAccounts, settings, ...rest } = input;
    Object.assign(state, rest);
    if (settings) state.settings = { ...state.settings, ...settings };
    if (serviceAccounts) {
      const emails = new Set(serviceAccounts.map((a) => a.clientEmail));
      state.serviceAccounts = [...state.serviceAccounts.filter((a) => !emails.has(a.clientEmail)), ...serviceAccounts];
    }
  },
  routes(router, sim) {
    router.post("/token", (ctx) => {
      const form = ctx.form();
      const grantType = form.get("grant_type");
      if (grantType !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
        return oauthError(ctx, 400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
      }
      const assertion = form.get("assertion") ?? "";
      const parts = assertion.split(".");
      const header = parts.length === 3 ? decodeSegment(parts[0]) : undefined;
      const claims = parts.length === 3 ? decodeSegment(parts[1]) : undefined;
      if (!header || !claims) return oauthError(ctx, 400, "invalid_grant", "Invalid JWT: malformed assertion.");
      if (header.alg !== "RS256") return oauthError(ctx, 400, "invalid_grant", "Invalid JWT: unsupported algorithm.");

      const account = sim.state.serviceAccounts.find((a) => a.clientEmail === claims.iss);
      if (!account) return oauthError(ctx, 400, "invalid_grant", "Invalid grant: account not found");
      const signatureOk = verify(
        "RSA-SHA256",
        Buffer.from(`${parts[0]}.${parts[1]}`),
        createPublicKey(account.publicKeyPem),
        Buffer.from(parts[2], "base64url"),
      );
      if (!signatureOk || account.revoked) return oauthError(ctx, 400, "invalid_grant", "Invalid JWT Signature.");

      // Google documents aud = https://oauth2.googleapis.com/token; the simulator also accepts its own URL.
      const audiences = [GOOGLE_TOKEN_AUDIENCE, `${ctx.origin}/token`];
      if (typeof claims.aud !== "string" || !audiences.includes(claims.aud)) {
        return oauthError(ctx, 400, "invalid_grant", "Invalid JWT: Failed audience check.");
      }
      const now = Math.floor(Date.now() / 1000);
      const iat = Number(claims.iat);
      const exp = Number(claims.exp);
      if (!Number.isFinite(iat) || !Number.isFinite(exp) || exp <= now - 60 || iat > now + 300 || exp - iat > 3600) {
        return oauthError(
          ctx,
          400,
          "invalid_grant",
          "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
        );
      }
      const scopes = typeof claims.scope === "string" ? claims.scope.split(/\s+/).filter(Boolean) : [];
      if (scopes.length === 0) {
        return oauthError(ctx, 400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
      }
      const accessToken = `ya29.sandbox-${randomBytes(24).toString("base64url")}`;
      sim.state.accessTokens[accessToken] = {
        clientEmail: account.clientEmail,
        scopes,
        expiresAt: Date.now() + 3599_000,
      };
      sendJson(ctx.res, 200, { access_token: accessToken, expires_in: 3599, token_type: "Bearer" });
    });

    registerSheetsApi(router, sim);
  },
  admin: registerAdmin,
  maxBodyBytes: 64 * 1024 * 1024,
  notFound(ctx) {
    apiError(ctx, 404, "NOT_FOUND", `Method not found: ${ctx.method} ${ctx.path}`);
  },
  onError(ctx, error) {
    apiError(ctx, 500, "INTERNAL", error instanceof Error ? error.message : "Internal error encountered.");
  },
});
