import { z } from "zod";
import { zRequiredString, zUrl } from "../config";

/** amoCRM API v4 payloads (https://www.amocrm.ru/developers/content/crm_platform/api-reference). */

export const ZAmocrmConfig = z.object({
  /** The account's address, e.g. https://company.amocrm.ru */
  baseUrl: zUrl(),
  /** Long-lived token of a private integration. */
  accessToken: zRequiredString(),
});
export type TAmocrmConfig = z.output<typeof ZAmocrmConfig>;
export type TAmocrmConfigInput = z.input<typeof ZAmocrmConfig>;

export const amocrmSecretFields = ["accessToken"] as const;

export const ZAmocrmAccount = z
  .object({
    id: z.number(),
    name: z.string(),
    subdomain: z.string(),
    current_user_id: z.number().optional(),
    country: z.string().optional(),
    currency: z.string().optional(),
    created_at: z.number().optional(),
    is_technical_account: z.boolean().optional(),
  })
  .loose();
export type TAmocrmAccount = z.infer<typeof ZAmocrmAccount>;

/** Errors are application/problem+json. */
export const ZAmocrmProblem = z
  .object({ title: z.string(), type: z.string().optional(), status: z.number(), detail: z.string().optional() })
  .loose();
