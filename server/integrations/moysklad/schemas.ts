import { z } from "zod";
import { zRequiredString, zUrlWithDefault } from "../config";

/** MoySklad JSON API 1.2 payloads (https://dev.moysklad.ru/doc/api/remap/1.2/). */

export const MOYSKLAD_DEFAULT_BASE_URL = "https://api.moysklad.ru/api/remap/1.2";

export const ZMoyskladConfig = z.object({
  baseUrl: zUrlWithDefault(MOYSKLAD_DEFAULT_BASE_URL),
  token: zRequiredString(),
});
export type TMoyskladConfig = z.output<typeof ZMoyskladConfig>;
export type TMoyskladConfigInput = z.input<typeof ZMoyskladConfig>;

export const moyskladSecretFields = ["token"] as const;

export const ZMoyskladMeta = z
  .object({
    href: z.string(),
    metadataHref: z.string().optional(),
    type: z.string(),
    mediaType: z.string().optional(),
    uuidHref: z.string().optional(),
  })
  .loose();
export type TMoyskladMeta = z.infer<typeof ZMoyskladMeta>;

export const ZMoyskladEmployee = z
  .object({
    meta: ZMoyskladMeta,
    id: z.string(),
    accountId: z.string(),
    name: z.string(),
    /** `login@account` */
    uid: z.string().optional(),
    email: z.string().optional(),
    firstName: z.string().optional(),
    middleName: z.string().optional(),
    lastName: z.string().optional(),
    fullName: z.string().optional(),
    shortFio: z.string().optional(),
    position: z.string().optional(),
    archived: z.boolean().optional(),
  })
  .loose();
export type TMoyskladEmployee = z.infer<typeof ZMoyskladEmployee>;

export const ZMoyskladError = z.object({
  errors: z.array(
    z
      .object({
        error: z.string(),
        code: z.number().optional(),
        parameter: z.string().optional(),
        error_message: z.string().optional(),
        moreInfo: z.string().optional(),
      })
      .loose(),
  ),
});
export type TMoyskladError = z.infer<typeof ZMoyskladError>;
