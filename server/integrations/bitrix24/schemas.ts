import { z } from "zod";
import { zPositiveInt, zUrl } from "../config";

/** Bitrix24 REST payloads, inbound webhook auth (https://apidocs.bitrix24.ru/). */

export const ZBitrix24Config = z.object({
  /** e.g. https://company.bitrix24.ru (or a self-hosted portal). */
  portalUrl: zUrl(),
  /** The user the webhook was created by (`/rest/{userId}/{code}/`). */
  userId: zPositiveInt(),
  webhookCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]+$/, "Код вебхука — латинские буквы и цифры из адреса вебхука"),
});
export type TBitrix24Config = z.output<typeof ZBitrix24Config>;
export type TBitrix24ConfigInput = z.input<typeof ZBitrix24Config>;

export const bitrix24SecretFields = ["webhookCode"] as const;

export const ZBitrix24Time = z
  .object({ start: z.number(), finish: z.number(), duration: z.number(), operating: z.number().optional() })
  .loose();

/** Every answer: `{"result":…,"time":{…},"total"?,"next"?}`. */
export function ZBitrix24Envelope<T extends z.ZodType>(result: T) {
  return z
    .object({ result, time: ZBitrix24Time.optional(), total: z.number().optional(), next: z.number().optional() })
    .loose();
}

/** `profile`: the webhook's user. */
export const ZBitrix24Profile = z
  .object({
    ID: z.union([z.string(), z.number()]).transform(String),
    ADMIN: z.boolean().optional(),
    NAME: z.string().nullish(),
    LAST_NAME: z.string().nullish(),
    TIME_ZONE: z.string().nullish(),
  })
  .loose();
export type TBitrix24Profile = z.infer<typeof ZBitrix24Profile>;

export const ZBitrix24Error = z.object({ error: z.string(), error_description: z.string().optional() });
