import { z } from "zod";
import { zPositiveInt, zRequiredString, zUrlWithDefault } from "../config";

/**
 * Radist.Online API v2 payloads (https://docs.radist.online/radist.online-docs/api/v2,
 * Swagger https://api.radist.online/v2/docs): `X-Api-Key` header, company-scoped resources.
 */

export const RADIST_DEFAULT_BASE_URL = "https://api.radist.online/v2";

export const ZRadistConfig = z.object({
  baseUrl: zUrlWithDefault(RADIST_DEFAULT_BASE_URL),
  apiKey: zRequiredString(),
  /** The company (`/companies/{company_id}/…`); when empty the companies visible to the key are used. */
  companyId: z
    .union([z.literal(""), zPositiveInt()])
    .optional()
    .transform((value) => (value === "" ? undefined : value)),
});
export type TRadistConfig = z.output<typeof ZRadistConfig>;
export type TRadistConfigInput = z.input<typeof ZRadistConfig>;

export const radistSecretFields = ["apiKey"] as const;

export const ZRadistCompany = z.object({ id: z.number(), name: z.string().optional() }).loose();
export type TRadistCompany = z.infer<typeof ZRadistCompany>;

/** Companies visible to the key: a bare array or a `{count, companies}` / `{items}` page. */
export const ZRadistCompanyList = z
  .union([
    z.array(ZRadistCompany),
    z.object({ companies: z.array(ZRadistCompany) }),
    z.object({ items: z.array(ZRadistCompany) }),
  ])
  .transform((value) => (Array.isArray(value) ? value : "companies" in value ? value.companies : value.items));

export const ZRadistConnection = z
  .object({
    id: z.number(),
    type: z.string(),
    name: z.string().nullish(),
    status: z.string().nullish(),
    params: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export type TRadistConnection = z.infer<typeof ZRadistConnection>;

/** A page of connections: `{count, connections}` (documented list shape), `{items}` or a bare array. */
export const ZRadistConnectionList = z
  .union([
    z.array(ZRadistConnection),
    z.object({ count: z.number().optional(), connections: z.array(ZRadistConnection) }),
    z.object({ total: z.number().optional(), items: z.array(ZRadistConnection) }),
  ])
  .transform((value) => {
    if (Array.isArray(value)) return { count: value.length, connections: value };
    if ("connections" in value) return { count: value.count ?? value.connections.length, connections: value.connections };
    return { count: value.total ?? value.items.length, connections: value.items };
  });
export type TRadistConnectionList = z.infer<typeof ZRadistConnectionList>;

/** FastAPI-style error body. */
export const ZRadistError = z.object({ detail: z.union([z.string(), z.array(z.unknown())]) });
