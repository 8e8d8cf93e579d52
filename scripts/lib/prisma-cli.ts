/**
 * Runs the Prisma CLI offline.
 *
 * - Schema engine: the CLI normally downloads a native `schema-engine` from binaries.prisma.sh. When no
 *   native engine matching the CLI is installed (and PRISMA_SCHEMA_ENGINE_BINARY is not set), we point
 *   PRISMA_SCHEMA_ENGINE_BINARY at scripts/schema-engine/schema-engine, which runs the wasm build of the
 *   same engine through @prisma/adapter-pg (PostgreSQL only).
 * - Database: when DATABASE_URL is unset and the command needs a database, the project's embedded
 *   PostgreSQL (PULT_PG_DIR or .data/postgres, port PULT_PG_PORT or 5433) is used — reused if it is already running,
 *   otherwise started for the duration of the command — with database `pult`.
 */
import { spawn, execFileSync, type SpawnOptions, type StdioOptions } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "./embedded-postgres.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PRISMA_CLI = path.join(REPO_ROOT, "node_modules/prisma/build/index.js");
export const SCHEMA_ENGINE_SHIM = path.join(REPO_ROOT, "scripts/schema-engine/schema-engine");
export const EMBEDDED_PG_DIR = path.join(REPO_ROOT, ".data/postgres");
export const EMBEDDED_PG_DATABASE = "pult";
/** Must match the owner credentials used by scripts/lib/embedded-postgres.ts. */
const EMBEDDED_PG_OWNER = "postgres";
const EMBEDDED_PG_OWNER_PASSWORD = "pult-dev-owner";

type Env = Record<string, string | undefined>;

export type RunPrismaOptions = {
  /** Working directory of the CLI (where it looks for prisma.config.ts). Default: process.cwd(). */
  cwd?: string;
  /** Default "inherit". */
  stdio?: StdioOptions;
  /** Capture the CLI's output and print it (to stderr) only if the command fails. */
  quiet?: boolean;
};

/** Engines hash the installed CLI expects, e.g. d1b3f377…; read from @prisma/engines-version. */
export function enginesHash(): string {
  const candidates = [
    path.join(REPO_ROOT, "node_modules/@prisma/engines/node_modules/@prisma/engines-version/package.json"),
    path.join(REPO_ROOT, "node_modules/@prisma/engines-version/package.json"),
  ];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { version: string; prisma?: { enginesVersion?: string } };
    return pkg.prisma?.enginesVersion ?? pkg.version.split(".").pop()!;
  }
  throw new Error("@prisma/engines-version is not installed");
}

let nativeEngineCache: string | null | undefined;

/** Path of an installed native schema engine that runs here and matches the CLI, or null. */
export function findNativeSchemaEngine(): string | null {
  if (nativeEngineCache !== undefined) return nativeEngineCache;
  nativeEngineCache = null;
  const dir = path.join(REPO_ROOT, "node_modules/@prisma/engines");
  if (!existsSync(dir)) return null;
  const hash = enginesHash();
  for (const name of readdirSync(dir)) {
    if (!/^schema-engine-[\w.-]+$/.test(name) || /\.(sha256|gz|sig)$/.test(name)) continue;
    try {
      const out = execFileSync(path.join(dir, name), ["--version"], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "ignore"] });
      if (out.includes(hash)) {
        nativeEngineCache = path.join(dir, name);
        break;
      }
    } catch {
      /* other platform, not executable, … */
    }
  }
  return nativeEngineCache;
}

/** Environment for the Prisma CLI: offline engine selection, no telemetry/update checks. */
export function prismaEnv(base: Env = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  env.CHECKPOINT_DISABLE = "1"; // telemetry + update check (network)
  env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !findNativeSchemaEngine()) {
    env.PRISMA_SCHEMA_ENGINE_BINARY = SCHEMA_ENGINE_SHIM;
    env.PULT_NODE = process.execPath; // the shim runs the adapter with the same node
  }
  return env;
}

const DB_COMMANDS: Record<string, true | string[]> = {
  migrate: ["dev", "deploy", "status", "reset", "resolve"],
  db: ["push", "pull", "execute", "seed"],
  studio: true,
};
const DIFF_DB_FLAGS = ["--from-config-datasource", "--to-config-datasource", "--from-migrations", "--to-migrations"];

/** Whether a CLI invocation talks to a database (so a DATABASE_URL is needed). */
export function commandNeedsDatabase(args: string[]): boolean {
  if (args.includes("--help") || args.includes("-h")) return false;
  const words = args.filter((a) => !a.startsWith("-"));
  const [command, sub] = words;
  if (!command) return false;
  if (command === "generate") return args.includes("--sql");
  if (command === "migrate" && sub === "diff") return args.some((a) => DIFF_DB_FLAGS.includes(a.split("=")[0]));
  const entry = DB_COMMANDS[command];
  if (entry === true) return true;
  return !!entry && !!sub && entry.includes(sub);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } catch (err) {
    if ((err as { code?: string }).code !== "42P04") throw err; // created concurrently
  } finally {
    await client.end();
  }
}

export type DevDatabase = { url: string; stop: () => Promise<void>; started: boolean };

/**
 * The embedded development database (.data/postgres): reuses a running instance on the port,
 * otherwise starts one (stop() stops only what we started). Ensures database `pult` exists.
 */
export async function acquireEmbeddedDatabase(opts: { port?: number; dir?: string; database?: string } = {}): Promise<DevDatabase> {
  const port = opts.port ?? Number(process.env.PULT_PG_PORT || 5433);
  const dir = opts.dir ?? (process.env.PULT_PG_DIR ? path.resolve(process.env.PULT_PG_DIR) : EMBEDDED_PG_DIR);
  const database = opts.database ?? EMBEDDED_PG_DATABASE;
  const serverUrl = `postgresql://${EMBEDDED_PG_OWNER}:${EMBEDDED_PG_OWNER_PASSWORD}@127.0.0.1:${port}/postgres`;
  let instance: TEmbeddedPostgres | undefined;
  if (!(await canConnect(serverUrl))) {
    try {
      instance = await startEmbeddedPostgres({ dir, port, quiet: true });
    } catch (err) {
      if (!(await canConnect(serverUrl))) throw err; // not started concurrently by someone else either
    }
  }
  const base = instance?.url ?? serverUrl;
  try {
    await ensureDatabase(base, database);
  } catch (err) {
    await instance?.stop();
    throw err;
  }
  return { url: withDatabase(base, database), started: !!instance, stop: async () => void (await instance?.stop()) };
}

function runCli(args: string[], env: Record<string, string>, opts: RunPrismaOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = opts.stdio ?? (opts.quiet ? ["ignore", "pipe", "pipe"] : "inherit");
    const spawnOptions: SpawnOptions = { cwd: opts.cwd ?? process.cwd(), env: env as NodeJS.ProcessEnv, stdio };
    const child = spawn(process.execPath, [PRISMA_CLI, ...args], spawnOptions);
    const output: Buffer[] = [];
    if (opts.quiet) {
      child.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
      child.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
    }
    // Ctrl-C reaches the CLI through the terminal's process group: let it exit, then clean up.
    const ignore = () => {};
    process.on("SIGINT", ignore);
    process.on("SIGTERM", ignore);
    const done = () => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", ignore);
    };
    child.on("error", (err) => {
      done();
      reject(err);
    });
    child.on("close", (code, signal) => {
      done();
      const exitCode = code ?? (signal ? 128 + (signalNumbers[signal] ?? 1) : 1);
      if (opts.quiet && exitCode !== 0) process.stderr.write(`$ prisma ${args.join(" ")}\n${Buffer.concat(output).toString()}`);
      resolve(exitCode);
    });
  });
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Runs `prisma <args>` offline and resolves with its exit code. `env` is layered over process.env.
 * Starts (and afterwards stops) the embedded PostgreSQL when the command needs a database and no
 * DATABASE_URL is set.
 */
export async function runPrisma(args: string[], env?: Record<string, string>, opts: RunPrismaOptions = {}): Promise<number> {
  const merged = prismaEnv({ ...process.env, ...env });
  let db: DevDatabase | undefined;
  if (!merged.DATABASE_URL && commandNeedsDatabase(args) && !args.some((a) => a === "--url" || a.startsWith("--url="))) {
    db = await acquireEmbeddedDatabase();
    merged.DATABASE_URL = db.url;
    if (db.started) process.stderr.write(`Started embedded PostgreSQL for this command (${db.url.replace(/:[^:@/]+@/, ":***@")}).\n`);
  }
  try {
    return await runCli(args, merged, opts);
  } finally {
    await db?.stop();
  }
}
