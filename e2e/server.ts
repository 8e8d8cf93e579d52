/**
 * The platform for the end-to-end tests: a fresh embedded PostgreSQL in a temp dir, simulators on random
 * ports, demo data, the worker, and the production build (`next start`). Started by Playwright's webServer.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../scripts/lib/free-port.ts";
import { startPlatform } from "../scripts/lib/start-platform.ts";
import { E2E_SANDBOX_FILE } from "./helpers.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "pult-e2e-"));
const port = Number(process.env.E2E_PORT || 3100);
delete process.env.DATABASE_URL;
process.env.APP_URL = `http://localhost:${port}`;
process.env.LOG_LEVEL ??= "warn";
process.env.CRM_STORAGE_DIR ??= path.join(tmp, "files");

const platform = await startPlatform({
  port,
  next: (process.env.E2E_NEXT_MODE as "dev" | "start") || "start",
  sandboxPorts: "random",
  pg: { dir: path.join(tmp, "pg"), port: await findFreePort() },
  dataDir: tmp,
  log: (m) => console.log(`[e2e-server] ${m}`),
});
// The tests read the simulators' addresses from here (e.g. to look at the simulated spreadsheet).
mkdirSync(path.join(process.cwd(), ".data"), { recursive: true });
writeFileSync(E2E_SANDBOX_FILE, JSON.stringify({ urls: platform.sandbox.urls, spreadsheetId: platform.sandbox.credentials.googleSheets.spreadsheetId }));
console.log(`[e2e-server] ready at ${platform.appUrl}`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await platform.stop();
  rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
