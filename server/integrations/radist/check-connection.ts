import { parseConfig } from "../config";
import { UpstreamError, type TConnectionCheck } from "../errors";
import { createRadistClient } from "./client";
import { ZRadistConfig, type TRadistConfigInput } from "./schemas";

/** Checks a Radist.Online key by listing the company's connections (messengers, CRMs). */
export async function checkRadistConnection(
  input: TRadistConfigInput,
  options: { timeoutMs?: number } = {},
): Promise<TConnectionCheck> {
  const config = parseConfig("radist", ZRadistConfig, input);
  const client = createRadistClient(config, options);
  let companyId: number | undefined = config.companyId;
  if (companyId === undefined) {
    const companies = await client.listCompanies();
    if (companies.length === 0) {
      throw new UpstreamError({
        provider: "radist",
        kind: "forbidden",
        userMessage: "Ключ Radist.Online не даёт доступа ни к одной компании",
      });
    }
    companyId = companies[0].id;
  }
  const { count, connections } = await client.listConnections(companyId);
  const types = [...new Set(connections.map((c) => c.type))];
  return {
    ok: true,
    summary: `Подключено к компании ${companyId}: подключений ${count}` + (types.length ? ` (${types.join(", ")})` : ""),
    details: { companyId, connectionCount: count, connectionTypes: types },
  };
}
