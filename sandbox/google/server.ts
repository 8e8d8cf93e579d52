import { createPublicKey, randomBytes, verify } from "node:crypto";
import { bearerToken, sendJson } from "../lib/http";
import type { TRequestContext } from "../lib/router";
import { defineSimulator } from "../lib/simulator";

/**
 * Google OAuth 2.0 token endpoint (service-account JWT bearer grant) + Sheets API v4 simulator.
 * - `POST /token` with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<RS256 JWT>`;
 *   the signature is verified against the public key registered for the JWT's `iss` (client_email);
 *   errors are `{"error","error_description"}` with HTTP 400 (invalid_grant / invalid_scope / unsupported_grant_type);
 * - `GET /v4/spreadsheets/{id}` with `Authorization: Bearer <access_token>` returns a Spreadsheet resource;
 *   errors are `{"error":{"code","message","status"}}` (401 UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND).
 * The same server serves both: rootUrl = `${url}/`, token_uri = `${url}/token`.
 */

export const GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
const SHEETS_SCOPES = [
  "https://www.googleapis.com/auth/spreadsheets",
  "https://www.googleapis.com/auth/spreadsheets.readonly",
  "https://www.googleapis.com/auth/drive",
  "https://www.googleapis.com/auth/drive.file",
  "https://www.googleapis.com/auth/drive.readonly",
];

export type TGoogleSimServiceAccount = { clientEmail: string; publicKeyPem: string; privateKeyId?: string };

export type TGoogleSimSheet = { sheetId: number; title: string; rowCount?: number; columnCount?: number };

export type TGoogleSimSpreadsheet = {
  spreadsheetId: string;
  title: string;
  locale?: string;
  timeZone?: string;
  sheets: TGoogleSimSheet[];
  /** Emails the spreadsheet is shared with (a service account needs to be listed to read it). */
  sharedWith: string[];
};

export type TGoogleSimState = {
  serviceAccounts: TGoogleSimServiceAccount[];
  accessTokens: Record<string, { clientEmail: string; scopes: string[]; expiresAt: number }>;
  spreadsheets: TGoogleSimSpreadsheet[];
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
  };
}

type TCtx = Omit<TRequestContext, "params">;

function oauthError(ctx: TCtx, status: number, error: string, description: string): void {
  sendJson(ctx.res, status, { error, error_description: description });
}

function apiError(ctx: TCtx, code: number, status: string, message: string): void {
  const headers = code === 401 ? { "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"' } : undefined;
  sendJson(ctx.res, code, { error: { code, message, status } }, { headers });
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
    const { serviceAccounts, ...rest } = input;
    Object.assign(state, rest);
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
      if (!signatureOk) return oauthError(ctx, 400, "invalid_grant", "Invalid JWT Signature.");

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

    router.get("/v4/spreadsheets/:spreadsheetId", (ctx) => {
      const token = bearerToken(ctx.header("authorization"));
      const grant = token ? sim.state.accessTokens[token] : undefined;
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
      const spreadsheet = sim.state.spreadsheets.find((s) => s.spreadsheetId === ctx.params.spreadsheetId);
      if (!spreadsheet) return apiError(ctx, 404, "NOT_FOUND", "Requested entity was not found.");
      if (!spreadsheet.sharedWith.includes(grant.clientEmail)) {
        return apiError(ctx, 403, "PERMISSION_DENIED", "The caller does not have permission");
      }
      sendJson(ctx.res, 200, {
        spreadsheetId: spreadsheet.spreadsheetId,
        properties: {
          title: spreadsheet.title,
          locale: spreadsheet.locale ?? "ru_RU",
          autoRecalc: "ON_CHANGE",
          timeZone: spreadsheet.timeZone ?? "Europe/Moscow",
        },
        sheets: spreadsheet.sheets.map((sheet, index) => ({
          properties: {
            sheetId: sheet.sheetId,
            title: sheet.title,
            index,
            sheetType: "GRID",
            gridProperties: { rowCount: sheet.rowCount ?? 1000, columnCount: sheet.columnCount ?? 26 },
          },
        })),
        spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheet.spreadsheetId}/edit`,
      });
    });
  },
  notFound(ctx) {
    apiError(ctx, 404, "NOT_FOUND", `Method not found: ${ctx.method} ${ctx.path}`);
  },
  onError(ctx, error) {
    apiError(ctx, 500, "INTERNAL", error instanceof Error ? error.message : "Internal error encountered.");
  },
});
