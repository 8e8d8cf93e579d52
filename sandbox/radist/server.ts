import { sendJson } from "../lib/http";
import type { TRequestContext } from "../lib/router";
import { defineSimulator } from "../lib/simulator";

/**
 * Radist.Online API v2 simulator (https://docs.radist.online/radist.online-docs/api/v2,
 * Swagger at https://api.radist.online/v2/docs).
 * - auth header `X-Api-Key`; resources are scoped by company: `/v2/companies/{company_id}/...`;
 * - `GET /v2/companies/` lists the companies the key may access (`{"count","companies":[{"id","name"}]}`;
 *   an assumption: the public docs only show company-scoped paths);
 * - `GET /v2/companies/{company_id}/connections/?limit=&offset=` lists connections
 *   (`{"count":…,"connections":[{"id","type","name","status","params"}]}`, the shape of the documented list);
 * - errors in FastAPI style: `{"detail":"…"}` (401 bad key, 403 company not allowed, 404 unknown company).
 */

export type TRadistSimConnection = {
  id: number;
  type: string;
  name: string;
  status: "active" | "inactive" | "error";
  params: Record<string, unknown>;
};

export type TRadistSimCompany = { id: number; name: string; connections: TRadistSimConnection[] };

export type TRadistSimState = {
  apiKeys: Array<{ key: string; companyIds: number[] }>;
  companies: TRadistSimCompany[];
};

export const radistDemo = { apiKey: "radist-sandbox-key-7d3f9a1c5e8b", companyId: 1001 };

export function createRadistState(): TRadistSimState {
  return {
    apiKeys: [{ key: radistDemo.apiKey, companyIds: [radistDemo.companyId] }],
    companies: [
      {
        id: radistDemo.companyId,
        name: "Pult Demo",
        connections: [
          { id: 501, type: "whatsapp", name: "WhatsApp продаж", status: "active", params: { phone: "79990000001" } },
          { id: 502, type: "telegram", name: "Telegram продаж", status: "active", params: { username: "pult_sales" } },
          { id: 503, type: "amocrm", name: "amoCRM", status: "active", params: { domain: "pultdemo.amocrm.ru" } },
        ],
      },
    ],
  };
}

type TCtx = Omit<TRequestContext, "params">;

function detail(ctx: TCtx, status: number, message: string): void {
  sendJson(ctx.res, status, { detail: message });
}

export const radistSimulator = defineSimulator<TRadistSimState>({
  name: "radist",
  createState: createRadistState,
  routes(router, sim) {
    const authorize = (ctx: TCtx) => {
      const key = ctx.header("x-api-key");
      const grant = sim.state.apiKeys.find((k) => k.key === key);
      if (!grant) detail(ctx, 401, key ? "Invalid API key" : "Not authenticated");
      return grant;
    };

    router.get("/v2/companies/?", (ctx) => {
      const grant = authorize(ctx);
      if (!grant) return;
      const companies = sim.state.companies
        .filter((c) => grant.companyIds.includes(c.id))
        .map((c) => ({ id: c.id, name: c.name }));
      sendJson(ctx.res, 200, { count: companies.length, companies });
    });

    router.get("/v2/companies/:companyId/connections/?", (ctx) => {
      const grant = authorize(ctx);
      if (!grant) return;
      const companyId = Number(ctx.params.companyId);
      const company = sim.state.companies.find((c) => c.id === companyId);
      if (!company) return detail(ctx, 404, "Company not found");
      if (!grant.companyIds.includes(companyId)) return detail(ctx, 403, "Not enough permissions");
      const limit = Math.min(Math.max(Number(ctx.query.get("limit") ?? 100) || 100, 1), 1000);
      const offset = Math.max(Number(ctx.query.get("offset") ?? 0) || 0, 0);
      sendJson(ctx.res, 200, {
        count: company.connections.length,
        connections: company.connections.slice(offset, offset + limit),
      });
    });
  },
  notFound(ctx) {
    detail(ctx, 404, "Not Found");
  },
  onError(ctx) {
    detail(ctx, 500, "Internal Server Error");
  },
});
