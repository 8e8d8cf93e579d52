import { parseConfig } from "../config";
import type { TConnectionCheck } from "../errors";
import { createGoogleSheetsClient } from "./client";
import { ZGoogleSheetsConfig, type TGoogleSheetsConfigInput } from "./schemas";
import { unlimitedSheetsLimiter } from "./throttle";

/**
 * Checks a service account key: obtains an access token and, when a spreadsheet is given,
 * reads its title and sheets (which also proves it is shared with the service account).
 */
export async function checkGoogleSheetsConnection(
  input: TGoogleSheetsConfigInput,
  options: { timeoutMs?: number } = {},
): Promise<TConnectionCheck> {
  const config = parseConfig("google-sheets", ZGoogleSheetsConfig, input);
  // A check is one interactive call: no waiting for a busy account's budget, no long backoff.
  const client = createGoogleSheetsClient(config, { ...options, limiter: unlimitedSheetsLimiter, retry: { attempts: 1 } });
  await client.authorize();
  const email = client.serviceAccountEmail;
  if (!config.spreadsheetId) {
    return { ok: true, summary: `Сервисный аккаунт ${email} авторизован`, details: { serviceAccount: email } };
  }
  const spreadsheet = await client.getSpreadsheet(config.spreadsheetId);
  const sheetTitles = spreadsheet.sheets.map((s) => s.title);
  return {
    ok: true,
    summary: `Подключено как ${email}, таблица «${spreadsheet.title}» (листов: ${sheetTitles.length})`,
    details: {
      serviceAccount: email,
      spreadsheetId: spreadsheet.spreadsheetId,
      title: spreadsheet.title,
      sheets: sheetTitles,
    },
  };
}
