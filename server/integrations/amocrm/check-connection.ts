import { parseConfig } from "../config";
import type { TConnectionCheck } from "../errors";
import { createAmocrmClient } from "./client";
import { ZAmocrmConfig, type TAmocrmConfigInput } from "./schemas";

/** Checks an amoCRM long-lived token by reading the account. */
export async function checkAmocrmConnection(
  input: TAmocrmConfigInput,
  options: { timeoutMs?: number } = {},
): Promise<TConnectionCheck> {
  const config = parseConfig("amocrm", ZAmocrmConfig, input);
  const account = await createAmocrmClient(config, options).getAccount();
  return {
    ok: true,
    summary: `Подключено к аккаунту «${account.name}» (${account.subdomain})`,
    details: { accountId: account.id, subdomain: account.subdomain, currentUserId: account.current_user_id },
  };
}
