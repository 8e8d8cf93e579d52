import { googleSheetsViewUrl } from "./google/server";
import { startSandbox, type TSandbox } from "./index";

/** `npm run sandbox [base port]`: all simulators on fixed ports (default base 4100) until Ctrl+C. */

function describe(sandbox: TSandbox): string {
  const { urls, credentials: c } = sandbox;
  const hostPort = (v: { host: string; port: number } | null) => (v ? `${v.host}:${v.port}` : "—");
  const rows: Array<[string, string, string]> = [
    ["МойСклад", urls.moysklad, `Bearer ${c.moysklad.token} (или ${c.moysklad.login} / ${c.moysklad.password})`],
    ["Google OAuth", urls.googleToken, `сервисный аккаунт ${c.googleSheets.clientEmail} (ключ ниже)`],
    ["Google Sheets", urls.googleSheets, `таблица ${c.googleSheets.spreadsheetId}`],
    ["Google Sheets (просмотр)", googleSheetsViewUrl(urls.googleSheets, c.googleSheets.spreadsheetId), "HTML, только чтение"],
    ["Telegram Bot API", urls.telegram, `бот @${c.telegram.username}, токен ${c.telegram.botToken}`],
    ["OpenAI-совместимый", urls.openai, `ключ ${c.openai.apiKey}, модель ${c.openai.model}`],
    ["amoCRM", urls.amocrm, `долгосрочный токен ${c.amocrm.accessToken}`],
    ["Radist.Online", urls.radist, `X-Api-Key ${c.radist.apiKey}, компания ${c.radist.companyId}`],
    ["Bitrix24", urls.bitrix24, `вебхук /rest/${c.bitrix24.userId}/${c.bitrix24.webhookCode}/`],
    ["1С (HTTP-сервис)", urls.onec, `Basic ${c.onec.username} / ${c.onec.password}`],
    ["S3 (path-style, SigV4)", urls.s3, `бакет ${c.s3.bucket}, регион ${c.s3.region}, ключ ${c.s3.accessKeyId} / ${c.s3.secretAccessKey}`],
    ["SMTP", hostPort(urls.smtp), `${c.mail.manager.username} / ${c.mail.manager.password}`],
    ["IMAP (Dovecot)", hostPort(urls.imap), `${c.mail.supplier.username} / ${c.mail.supplier.password}`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  return [
    "Песочница Pult запущена:",
    ...rows.map(([name, url, creds]) => `  ${name.padEnd(width)}  ${url}\n  ${" ".repeat(width)}  ${creds}`),
    ...sandbox.warnings.map((w) => `  ! ${w}`),
    "",
    "Ключ сервисного аккаунта Google:",
    c.googleSheets.serviceAccountJson,
    "",
    "Админ-API каждого симулятора: GET /__sandbox/state, POST /__sandbox/seed, POST /__sandbox/reset, GET /__sandbox/requests",
    "Остановить: Ctrl+C",
  ].join("\n");
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  const base = arg ? Number(arg) : 4100;
  if (!Number.isInteger(base) || base <= 0 || base > 65_000) throw new Error(`bad base port: ${arg}`);
  const sandbox = await startSandbox({ ports: base });
  console.log(describe(sandbox));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: останавливаю песочницу…`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
