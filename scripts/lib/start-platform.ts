/**
 * Starts the whole platform: database (embedded or DATABASE_URL) → migrations → sandbox simulators →
 * demo seed → background worker (in this process) → Next.js (dev server or production `next start`).
 * Used by `npm run dev` and by the end-to-end tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { acquireEmbeddedDatabase, runPrisma, REPO_ROOT, type DevDatabase } from "./prisma-cli.ts";
import { ensureAppRole } from "./bootstrap-db.ts";
import { loadDevSecrets } from "./dev-secrets.ts";
import type { TSandbox } from "../../sandbox/index.ts";

export type TPlatformOptions = {
  port: number;
  next: "dev" | "start";
  /** Base port for the simulators, or "random". */
  sandboxPorts: number | "random";
  /** Embedded PostgreSQL location (ignored when DATABASE_URL is set). */
  pg?: { dir: string; port: number };
  dataDir?: string;
  log?: (msg: string) => void;
  /** Where Next's output goes. */
  nextStdio?: "inherit" | "ignore";
};

export type TPlatform = { appUrl: string; sandbox: TSandbox; stop: () => Promise<void> };

export async function startPlatform(opts: TPlatformOptions): Promise<TPlatform> {
  const log = opts.log ?? (() => {});
  const appUrl = process.env.APP_URL || `http://localhost:${opts.port}`;
  const cleanups: (() => Promise<void>)[] = [];
  let db: DevDatabase | undefined;
  let next: ChildProcess | undefined;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (next && next.exitCode === null) {
      next.kill("SIGTERM");
      await new Promise((r) => { next!.once("exit", r); setTimeout(r, 5000); });
    }
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => console.error(e));
    await db?.stop();
  };

  try {
    const secrets = loadDevSecrets(opts.dataDir ?? path.join(REPO_ROOT, ".data"));
    const external = process.env.DATABASE_URL;
    if (!external) {
      db = await acquireEmbeddedDatabase(opts.pg ?? {});
      log(`embedded PostgreSQL ready (${db.started ? "started" : "already running"})`);
    }
    const databaseUrl = external ?? db!.url;
    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: process.env.AUTH_SECRET ?? secrets.AUTH_SECRET,
      SECRETS_KEY: process.env.SECRETS_KEY ?? secrets.SECRETS_KEY,
      SECRETS_KEY_ID: process.env.SECRETS_KEY_ID ?? secrets.SECRETS_KEY_ID,
      APP_URL: appUrl,
    };
    Object.assign(process.env, env);

    if ((await runPrisma(["migrate", "deploy"], env, { quiet: true })) !== 0) throw new Error("prisma migrate deploy failed");
    await ensureAppRole(databaseUrl, process.env.DATABASE_APP_PASSWORD ?? "pult-app-dev-password");
    log("database migrated");

    // Imported only now: they read the environment set above.
    const { startSandbox } = await import("../../sandbox/index.ts");
    const sandbox = await startSandbox({ ports: opts.sandboxPorts });
    cleanups.push(() => sandbox.stop());
    for (const w of sandbox.warnings) log(`sandbox: ${w}`);
    log("sandbox simulators running");

    const { seedDemo } = await import("../../prisma/seed.ts");
    const seeded = await seedDemo({ sandbox });
    log(`demo data ready (${seeded.companies} companies, ${seeded.users} users, ${seeded.integrations} new integrations)`);

    const { getEnv } = await import("../../server/env.ts");
    const { startWorker } = await import("../../server/jobs/worker-runtime.ts");
    const { disconnectDb } = await import("../../server/db.ts");
    if (!getEnv().inngestEnabled) {
      const worker = await startWorker({ concurrency: getEnv().WORKER_CONCURRENCY });
      cleanups.push(async () => { await worker.stop(); await disconnectDb(); });
      log("background worker running");
      const { startMailWatchers } = await import("../../server/procurement/mail/start-mail-watchers.ts");
      const mailWatchers = startMailWatchers();
      cleanups.push(() => mailWatchers.stop());
      const { startBotPolling } = await import("../../server/procurement/telegram/bot-polling.ts");
      const botPolling = startBotPolling();
      cleanups.push(() => botPolling.stop());
    }

    next = spawn(process.execPath, [path.join(REPO_ROOT, "node_modules/next/dist/bin/next"), opts.next, "-p", String(opts.port)], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, WORKER_MODE: "external", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", opts.nextStdio ?? "inherit", opts.nextStdio ?? "inherit"],
    });
    const exited = new Promise<never>((_, reject) => next!.once("exit", (code) => reject(new Error(`Next.js exited (${code})`))));
    await Promise.race([waitForHttp(`${appUrl}/login`, 180_000), exited]);
    next.on("exit", (code) => { if (!stopped) log(`Next.js exited unexpectedly (${code})`); });
    return { appUrl, sandbox, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
