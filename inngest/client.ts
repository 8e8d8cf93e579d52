/**
 * The Inngest client, created lazily from getEnv() (so importing this module needs no environment, e.g. during
 * `next build`). Used only when Inngest is configured (`getEnv().inngestEnabled`).
 */
import { Inngest } from "inngest";
import { getEnv } from "../server/env";
import { logger } from "../server/logger";

export const INNGEST_APP_ID = "pult";

let client: Inngest | undefined;

export function getInngest(): Inngest {
  if (client) return client;
  const env = getEnv();
  client = new Inngest({
    id: INNGEST_APP_ID,
    eventKey: env.INNGEST_EVENT_KEY,
    signingKey: env.INNGEST_SIGNING_KEY,
    isDev: env.INNGEST_DEV || undefined,
    logger: logger.child({ component: "inngest" }),
  });
  return client;
}
