/**
 * `npm run dev`: the whole platform with demo data and no configuration (see scripts/lib/start-platform.ts).
 * Ctrl-C stops everything, Postgres included; the next start reuses the data in .data/.
 */
import { runPrisma } from "./lib/prisma-cli.ts";
import { startPlatform, type TPlatform } from "./lib/start-platform.ts";

const startedAt = Date.now();
const log = (msg: string) => console.log(`[pult] ${msg}`);
let platform: TPlatform | undefined;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  await platform?.stop();
  log("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

// Embedded default: no public URL Telegram could reach, so the worker long-polls the bots (getUpdates).
process.env.TELEGRAM_UPDATES ??= "polling";

try {
  if ((await runPrisma(["generate"], {}, { quiet: true })) !== 0) throw new Error("prisma generate failed");
  platform = await startPlatform({ port: Number(process.env.PORT || 3000), next: "dev", sandboxPorts: Number(process.env.SANDBOX_BASE_PORT || 4100), log });
  const { DEMO_USERS, DEMO_PASSWORD } = await import("../prisma/seed.ts");
  const { urls } = platform.sandbox;
  console.log(`
  Пульт запущен за ${((Date.now() - startedAt) / 1000).toFixed(1)} с: ${platform.appUrl}
  Демо-входы (пароль для всех: ${DEMO_PASSWORD}):
${DEMO_USERS.map((u) => `    ${u.email.padEnd(26)} ${Object.entries(u.roles).map(([c, r]) => `${c}: ${r}`).join(", ")}`).join("\n")}
  Симуляторы: МойСклад ${urls.moysklad}, Telegram ${urls.telegram}, OpenAI ${urls.openai}, SMTP :${urls.smtp.port}${urls.imap ? `, IMAP :${urls.imap.port}` : ""}
  Остановить: Ctrl-C
`);
} catch (err) {
  console.error("[pult] start failed:", err instanceof Error ? err.message : err);
  await shutdown(1);
}
