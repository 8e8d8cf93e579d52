import { parseConfig } from "../config";
import type { TConnectionCheck } from "../errors";
import { createMoyskladClient } from "./client";
import { ZMoyskladConfig, type TMoyskladConfigInput } from "./schemas";

/** Checks a MoySklad token: who it belongs to and in which account. */
export async function checkMoyskladConnection(
  input: TMoyskladConfigInput,
  options: { timeoutMs?: number } = {},
): Promise<TConnectionCheck> {
  const config = parseConfig("moysklad", ZMoyskladConfig, input);
  // A connection check answers at once: no retries (the limiter still applies).
  const employee = await createMoyskladClient(config, { ...options, maxAttempts: 1 }).getContextEmployee();
  const person = employee.shortFio || employee.fullName || employee.name;
  const account = employee.uid?.split("@")[1] || employee.accountId;
  return {
    ok: true,
    summary: `Подключено как ${person} (${account})`,
    details: { employeeId: employee.id, accountId: employee.accountId, uid: employee.uid, account },
  };
}
