import { z } from "zod";
import { zRequiredString, zUrl } from "../config";

/**
 * 1C:Управление торговлей HTTP service (the 1C side of the sync module). A 1C HTTP service is
 * published at `{server}/{infobase}/hs/{root URL}`; the web server authenticates infobase users
 * with HTTP Basic. Our service answers `GET …/ping`.
 */

export const ZOnecConfig = z.object({
  /** The HTTP service root, e.g. https://1c.company.ru/ut/hs/pult */
  baseUrl: zUrl(),
  username: zRequiredString(),
  password: z.string(),
});
export type TOnecConfig = z.output<typeof ZOnecConfig>;
export type TOnecConfigInput = z.input<typeof ZOnecConfig>;

export const onecSecretFields = ["password"] as const;

export const ZOnecPing = z
  .object({
    status: z.literal("ok"),
    infobase: z.string().optional(),
    configuration: z.string().optional(),
    version: z.string().optional(),
    user: z.string().optional(),
    serverTime: z.string().optional(),
  })
  .loose();
export type TOnecPing = z.infer<typeof ZOnecPing>;
