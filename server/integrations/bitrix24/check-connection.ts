import { parseConfig } from "../config";
import type { TConnectionCheck } from "../errors";
import { createBitrix24Client } from "./client";
import { ZBitrix24Config, type TBitrix24ConfigInput } from "./schemas";

/** Checks an inbound webhook by asking whose it is (`profile`). */
export async function checkBitrix24Connection(
  input: TBitrix24ConfigInput,
  options: { timeoutMs?: number } = {},
): Promise<TConnectionCheck> {
  const config = parseConfig("bitrix24", ZBitrix24Config, input);
  const profile = await createBitrix24Client(config, options).getProfile();
  const name = [profile.NAME, profile.LAST_NAME].filter(Boolean).join(" ") || `пользователь ${profile.ID}`;
  const portal = new URL(config.portalUrl).host;
  return {
    ok: true,
    summary: `Подключено как ${name} (${portal})`,
    details: { userId: profile.ID, admin: profile.ADMIN ?? false, portal },
  };
}
