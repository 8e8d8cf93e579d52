/**
 * Offline stand-in for Prisma's native `schema-engine` binary.
 *
 * The Prisma CLI (7.x) spawns the binary named by PRISMA_SCHEMA_ENGINE_BINARY:
 *   - `schema-engine --version`                                     -> `schema-engine-cli <engines hash>`
 *   - `schema-engine [--datamodels <file>]... [--datasource <json>]` -> line-delimited JSON-RPC 2.0 on stdin/stdout
 *   - `schema-engine --datasource <json> cli <subcommand>`           -> one-shot commands (can-connect-to-database, ...)
 * This script implements that contract on top of the wasm build of the same engine
 * (`schema_engine_bg.wasm`), talking to PostgreSQL through @prisma/adapter-pg.
 *
 * Conventions mirrored from the native engine (the CLI depends on them):
 *   - stdout carries JSON-RPC only; logs go to stderr as JSON lines `{level, fields: {message}, target}`.
 *   - `cli` subcommands report failures as an ERROR line with target `schema_engine::logger` and
 *     `fields.error_code` (e.g. P1003 = database does not exist); stderr's first line is skipped by the CLI.
 *   - `diff` output is sent to the CLI as a `print` JSON-RPC request.
 *   - failures never kill the process while the CLI waits for an answer (the CLI would then exit 0
 *     silently): they are answered as JSON-RPC errors, logged as ERROR lines on stderr, and the
 *     process exits non-zero once the CLI closes stdin.
 *
 * Env knobs: PULT_SCHEMA_ENGINE_WASM (path of the .wasm to load), PULT_SCHEMA_ENGINE_DEBUG=1 (log RPC traffic).
 */
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import util from "node:util";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const DEBUG = !!process.env.PULT_SCHEMA_ENGINE_DEBUG;

// ---------------------------------------------------------------------------------------------
// Logging (stderr only, JSON lines like the native engine's tracing output)
// ---------------------------------------------------------------------------------------------

function log(level, message, extra = {}) {
  try {
    process.stderr.write(
      JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target: "schema_engine::logger" }) + "\n",
    );
  } catch {
    /* stderr gone: nothing we can do */
  }
}

// Nothing but JSON-RPC may reach stdout: route console output of libraries to stderr.
for (const [name, level] of [["log", "INFO"], ["info", "INFO"], ["debug", "DEBUG"], ["warn", "WARN"], ["error", "WARN"], ["trace", "DEBUG"]]) {
  console[name] = (...args) => log(level, util.format(...args));
}

class UserError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Package locations
// ---------------------------------------------------------------------------------------------

function prismaCliDir() {
  return path.dirname(require.resolve("prisma/package.json"));
}

/** Hash of the engines the installed CLI expects (`@prisma/engines-version`, as resolved by the CLI). */
function enginesHash() {
  const candidates = [];
  try {
    const enginesPkg = createRequire(path.join(prismaCliDir(), "package.json")).resolve("@prisma/engines/package.json");
    candidates.push(createRequire(enginesPkg));
  } catch {
    /* fall through */
  }
  candidates.push(require);
  for (const req of candidates) {
    try {
      const pkg = req("@prisma/engines-version/package.json");
      const hash = pkg?.prisma?.enginesVersion ?? String(pkg.version).split(".").pop();
      if (hash) return hash;
    } catch {
      /* next */
    }
  }
  throw new Error("Cannot determine the Prisma engines hash: @prisma/engines-version is not installed");
}

// ---------------------------------------------------------------------------------------------
// Wasm engine loading
// ---------------------------------------------------------------------------------------------

class PanicRegistry {
  message = "";
  set_message(message) {
    this.message = `RuntimeError: ${message}`;
  }
}
const panicRegistry = new PanicRegistry();
globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

/**
 * Loads the JS glue of @prisma/schema-engine-wasm with a wasm binary. The Prisma CLI ships the
 * engine build matching its own hash (`prisma/build/schema_engine_bg.wasm`); it is ABI-compatible
 * with the glue when all its imports are provided, and preferred then. Otherwise the package's own
 * wasm is used.
 */
async function loadWasmEngine() {
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const pkgWasm = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const candidates = [];
  if (process.env.PULT_SCHEMA_ENGINE_WASM) candidates.push(path.resolve(process.env.PULT_SCHEMA_ENGINE_WASM));
  else {
    try {
      candidates.push(path.join(prismaCliDir(), "build", "schema_engine_bg.wasm"));
    } catch {
      /* CLI not resolvable: use the package */
    }
    candidates.push(pkgWasm);
  }
  let lastError;
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    try {
      const wasmModule = new WebAssembly.Module(fs.readFileSync(file));
      const missing = WebAssembly.Module.imports(wasmModule).filter((i) => typeof glue[i.name] !== "function").map((i) => i.name);
      const exported = new Set(WebAssembly.Module.exports(wasmModule).map((e) => e.name));
      const methods = Object.getOwnPropertyNames(glue.SchemaEngine.prototype).filter((m) => !["constructor", "free", "__destroy_into_raw"].includes(m));
      for (const name of ["schemaengine_new", "__wbg_schemaengine_free", "__wbindgen_start", ...methods.map((m) => `schemaengine_${m}`)]) {
        if (!exported.has(name)) missing.push(name);
      }
      if (missing.length > 0) throw new Error(`incompatible with the JS glue (${missing.slice(0, 3).join(", ")}…)`);
      const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": glue });
      glue.__wbg_set_wasm(instance.exports);
      instance.exports.__wbindgen_start();
      if (DEBUG) log("DEBUG", `loaded wasm schema engine ${glue.version()} from ${file}`);
      return glue;
    } catch (err) {
      lastError = err;
      log("WARN", `cannot use ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new Error(`No usable schema engine wasm found (tried ${candidates.join(", ")}): ${lastError ?? "not found"}`);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL plumbing
// ---------------------------------------------------------------------------------------------

/** Parses a datasource URL; `?schema=` is a Prisma convention and becomes the search_path. */
function parsePgUrl(url) {
  if (!url) throw new UserError("No datasource URL: set `datasource.url` in prisma.config.ts (DATABASE_URL).", "P1012");
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new UserError("The datasource URL is not a valid URL.", "P1013");
  }
  if (u.protocol !== "postgresql:" && u.protocol !== "postgres:") {
    throw new UserError(`The wasm schema engine adapter supports postgresql:// URLs only (got ${u.protocol}//).`, "P1013");
  }
  const schema = u.searchParams.get("schema") || undefined;
  u.searchParams.delete("schema");
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || decodeURIComponent(u.username) || "postgres";
  return { url: u, schema, database, location: `${u.hostname}:${u.port || 5432}` };
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

let pgModule;
function pg() {
  pgModule ??= require("pg");
  return pgModule;
}

/** Runs statements on a short-lived connection (database administration). */
async function withClient(url, fn) {
  const { url: u } = parsePgUrl(url);
  const client = new (pg().Client)({ connectionString: u.toString() });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Maps a node-postgres/network error to the Prisma error codes the CLI understands. */
function toPrismaError(err, url) {
  if (err instanceof UserError) return err;
  let info;
  try {
    info = parsePgUrl(url);
  } catch {
    info = { database: "?", location: "?" };
  }
  const code = err?.code;
  const msg = err instanceof Error ? err.message : String(err);
  if (code === "3D000") return new UserError(`Database \`${info.database}\` does not exist on the database server at \`${info.location}\`.`, "P1003");
  if (code === "28P01" || code === "28000")
    return new UserError(`Authentication failed against database server at \`${info.location}\`, the provided database credentials are not valid.`, "P1000");
  if (code === "42P04") return new UserError(`Database \`${info.database}\` already exists on the database server at \`${info.location}\``, "P1009");
  if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ECONNRESET", "EAI_AGAIN"].includes(code))
    return new UserError(`Can't reach database server at \`${info.location}\`\n\nPlease make sure your database server is running at \`${info.location}\`.`, "P1001");
  if (code === "ETIMEDOUT") return new UserError(`The database server at \`${info.location}\` was reached but timed out.`, "P1002");
  return new UserError(msg, undefined);
}

const CHAR_OID = 18; // Postgres' internal one-byte `"char"` type (pg_catalog columns)
const BPCHAR_OID = 1042;
/** result rows array -> indexes of `"char"` columns (adapter-pg rejects that type: we report it as Character). */
const charColumns = new WeakMap();

function markCharColumns(result) {
  if (Array.isArray(result)) {
    for (const r of result) markCharColumns(r);
    return;
  }
  if (!result || !Array.isArray(result.fields)) return;
  let idx;
  result.fields.forEach((field, i) => {
    if (field.dataTypeID === CHAR_OID) {
      field.dataTypeID = BPCHAR_OID; // a text type adapter-pg accepts; corrected to Character below
      (idx ??= []).push(i);
    }
  });
  if (idx && result.rows) {
    charColumns.set(result.rows, idx);
    if (DEBUG) log("DEBUG", `"char" columns reported as Character: ${idx.map((i) => result.fields[i].name).join(", ")}`);
  }
}

let CharAwareClient;
function charAwareClientClass() {
  CharAwareClient ??= class extends pg().Client {
    query(config, values, callback) {
      if (config && typeof config.submit === "function") return super.query(config, values, callback);
      const cb = typeof values === "function" ? values : callback;
      if (typeof cb === "function") {
        const wrapped = (err, res) => {
          if (!err) markCharColumns(res);
          cb(err, res);
        };
        return typeof values === "function" ? super.query(config, wrapped) : super.query(config, values, wrapped);
      }
      const result = super.query(config, values);
      return result && typeof result.then === "function" ? result.then((r) => (markCharColumns(r), r)) : result;
    }
  };
  return CharAwareClient;
}

function withCharColumns(queryable, Character) {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    const idx = charColumns.get(result.rows);
    if (idx) for (const i of idx) result.columnTypes[i] = Character;
    return result;
  };
  if (typeof queryable.startTransaction === "function") {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => withCharColumns(await startTransaction(...args), Character);
  }
  return queryable;
}

/**
 * adapter-pg's executeScript splits a script on every ";", which breaks dollar-quoted bodies (DO $$ … $$,
 * functions) in migrations. Send the whole script as one simple-protocol query, as the native engine does.
 */
function withWholeScripts(adapter) {
  adapter.executeScript = async (script) => {
    try {
      await adapter.client.query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

/**
 * A migration-aware driver adapter factory for the wasm engine. The shadow database is either the
 * configured `shadowDatabaseUrl` or a throw-away `<db>_shadow_<random>` created on the main server
 * (dropped as soon as the engine disposes it, and in any case after each RPC call).
 */
class PgAdapterFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";
  /** @type {Set<{ name: string, url: string, dispose: () => Promise<void>, done: boolean }>} */
  shadows = new Set();

  constructor(datasource, libs) {
    this.datasource = datasource;
    this.libs = libs;
  }

  async open(url) {
    const { url: u, schema } = parsePgUrl(url);
    const poolConfig = { connectionString: u.toString(), Client: charAwareClientClass() };
    if (schema) poolConfig.options = `-c search_path=${/^[A-Za-z0-9_]+$/.test(schema) ? schema : quoteIdent(schema).replaceAll(" ", "\\ ")}`;
    const factory = new this.libs.PrismaPg(poolConfig, schema ? { schema } : undefined);
    return withWholeScripts(withCharColumns(await factory.connect(), this.libs.ColumnTypeEnum.Character));
  }

  async connect() {
    return this.open(this.datasource.url);
  }

  async connectToShadowDb() {
    if (this.datasource.shadowDatabaseUrl) return this.open(this.datasource.shadowDatabaseUrl);
    const mainUrl = this.datasource.url;
    const { database } = parsePgUrl(mainUrl);
    const name = `${database.slice(0, 40)}_shadow_${randomBytes(6).toString("hex")}`;
    await withClient(mainUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    const record = { name, url: mainUrl, done: false, dispose: async () => {} };
    this.shadows.add(record);
    let adapter;
    try {
      adapter = await this.open(withDatabase(mainUrl, name));
    } catch (err) {
      await this.dropShadow(record);
      throw err;
    }
    const dispose = adapter.dispose.bind(adapter);
    let disposed = false;
    record.dispose = async () => {
      if (disposed) return;
      disposed = true;
      await dispose().catch(() => {});
    };
    adapter.dispose = async () => {
      await record.dispose();
      await this.dropShadow(record);
    };
    if (DEBUG) log("DEBUG", `created shadow database ${name}`);
    return adapter;
  }

  async dropShadow(record) {
    if (record.done) return;
    record.done = true;
    this.shadows.delete(record);
    await record.dispose();
    await withClient(record.url, async (c) => {
      try {
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(record.name)} WITH (FORCE)`);
      } catch {
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(record.name)}`); // PostgreSQL < 13
      }
    }).catch((err) => log("WARN", `could not drop shadow database ${record.name}: ${err?.message ?? err}`));
    if (DEBUG) log("DEBUG", `dropped shadow database ${record.name}`);
  }

  async dropAllShadows() {
    await Promise.all([...this.shadows].map((r) => this.dropShadow(r)));
  }
}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined, cliArgs: [], version: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UserError(`Missing value for ${flag}`);
      return v;
    };
    if (out.cli !== undefined) {
      if (flag === "--datasource") out.datasource = value();
      else out.cliArgs.push(arg);
      continue;
    }
    switch (flag) {
      case "--version":
      case "-V":
        out.version = true;
        break;
      case "--help":
      case "-h":
        out.help = true;
        break;
      case "--datamodels":
      case "-d":
        out.datamodels.push(value());
        break;
      case "--datasource":
        out.datasource = value();
        break;
      case "--enabled-preview-features":
      case "--extension-types":
        value(); // accepted for compatibility; the wasm engine has no equivalent knobs
        break;
      case "cli":
        out.cli = argv[++i] ?? "";
        break;
      default:
        throw new UserError(`Unknown argument: ${arg}`);
    }
  }
  return out;
}

function parseDatasource(raw) {
  if (raw === undefined) return {};
  let ds;
  try {
    ds = JSON.parse(raw);
  } catch {
    ds = { url: raw };
  }
  if (typeof ds === "string") ds = { url: ds };
  return { url: ds?.url || undefined, shadowDatabaseUrl: ds?.shadowDatabaseUrl || undefined };
}

// ---------------------------------------------------------------------------------------------
// `cli <subcommand>` mode
// ---------------------------------------------------------------------------------------------

async function runCliCommand(command, datasource) {
  // The CLI ignores stderr's first line and JSON-parses the rest.
  log("INFO", `schema-engine adapter: cli ${command}`);
  const url = datasource.url;
  try {
    switch (command) {
      case "can-connect-to-database":
        await withClient(url, (c) => c.query("SELECT 1")).catch((err) => {
          throw toPrismaError(err, url);
        });
        process.stdout.write("Connection successful\n");
        return 0;
      case "create-database": {
        const { database } = parsePgUrl(url);
        await createDatabase(url);
        process.stdout.write(`Database '${database}' was successfully created.\n`);
        return 0;
      }
      case "drop-database": {
        const { database } = parsePgUrl(url);
        await dropDatabase(url);
        process.stdout.write(`The database '${database}' was successfully dropped.\n`);
        return 0;
      }
      default:
        throw new UserError(`Unknown cli subcommand: ${command || "(none)"}`);
    }
  } catch (err) {
    const e = toPrismaError(err, url);
    log("ERROR", e.message, e.code ? { error_code: e.code } : {});
    return 1;
  }
}

function maintenanceUrl(url) {
  return withDatabase(url, "postgres");
}

async function createDatabase(url) {
  const { database } = parsePgUrl(url);
  await withClient(maintenanceUrl(url), (c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`)).catch((err) => {
    throw toPrismaError(err, url);
  });
  return database;
}

async function dropDatabase(url) {
  const { database } = parsePgUrl(url);
  await withClient(maintenanceUrl(url), async (c) => {
    try {
      await c.query(`DROP DATABASE ${quoteIdent(database)} WITH (FORCE)`);
    } catch (err) {
      if (err?.code !== "42601") throw err;
      await c.query(`DROP DATABASE ${quoteIdent(database)}`); // PostgreSQL < 13
    }
  }).catch((err) => {
    throw toPrismaError(err, url);
  });
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC mode
// ---------------------------------------------------------------------------------------------

function writeMessage(message) {
  process.stdout.write(JSON.stringify(message, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) + "\n");
}

/** Turns an engine/JS error into the JSON-RPC error object of the native engine. */
function rpcError(err, isPanic) {
  const raw = err instanceof Error ? err.message : String(err);
  // Drop the Rust span trace ("   0: schema_engine_wasm::...") the wasm build appends.
  const message = raw.replace(/\n\s+0: [a-z_]+::[\s\S]*$/, "").trimEnd();
  const data = { is_panic: !!isPanic, message: isPanic ? panicRegistry.message || message : message, meta: err?.meta ?? null };
  if (typeof err?.code === "string" && /^P\d{4}$/.test(err.code)) data.error_code = err.code;
  if (isPanic) data.error = { message: data.message };
  return { code: 4466, message: "An error happened. Check the data field for details.", data };
}

/** Is this the probe the engine runs when it is created (schema existence + server version)? */
function isBootstrapProbe(query) {
  return /^\s*SELECT EXISTS\(SELECT 1 FROM pg_namespace WHERE nspname = \$1\), version\(\)/i.test(query?.sql ?? "");
}

const CONNECTIVITY_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "DatabaseAccessDenied",
  "AuthenticationFailed",
  "TlsConnectionError",
  "SocketTimeout",
  "ConnectionClosed",
]);
function isConnectivityError(err) {
  if (err instanceof UserError) return true;
  if (err?.name === "DriverAdapterError") return CONNECTIVITY_KINDS.has(err.cause?.kind);
  return typeof err?.code === "string" && /^E[A-Z_]+$/.test(err.code);
}

/**
 * The wasm engine connects and probes the server as soon as it is created, while the native engine
 * connects lazily. To keep database-less commands working (`migrate diff --from-empty --to-schema`,
 * with a placeholder URL), the probe is answered with a neutral result when the server cannot be
 * reached; every later query still fails with the real connection error.
 */
function withOfflineProbe(queryable, ColumnTypeEnum) {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    try {
      return await queryRaw(query);
    } catch (err) {
      if (!isBootstrapProbe(query) || !isConnectivityError(err)) throw err;
      if (DEBUG) log("DEBUG", `database unreachable at engine start (${err?.message ?? err}); continuing without it`);
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 16.0 (no database connection)", 160000]],
      };
    }
  };
  return queryable;
}

/** Stand-in adapter when no datasource URL is configured at all. */
function unconfiguredAdapter() {
  const fail = async () => {
    throw new UserError("No datasource URL configured: set `datasource.url` in prisma.config.ts (DATABASE_URL).", "P1012");
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    queryRaw: fail,
    executeRaw: fail,
    executeScript: fail,
    startTransaction: fail,
    dispose: async () => {},
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
  };
}

async function runRpc(opts, datasource) {
  // Requests the engine side sends to the CLI (only `print`).
  let nextOutgoingId = 1;
  const pending = new Map();
  const requestCli = (method, params) =>
    new Promise((resolve, reject) => {
      const id = `adapter-${nextOutgoingId++}`;
      pending.set(id, { resolve, reject });
      writeMessage({ jsonrpc: "2.0", id, method, params });
    });

  // Read stdin right away; requests are handled one at a time, in order.
  let queue = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const closed = new Promise((resolve) => rl.on("close", resolve));

  const setup = (async () => {
    const glue = await loadWasmEngine();
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = await import("@prisma/driver-adapter-utils");
    const datamodels = opts.datamodels.map((file) => [file, fs.readFileSync(file, "utf8")]);
    const pgFactory = datasource.url ? new PgAdapterFactory(datasource, { PrismaPg, ColumnTypeEnum }) : undefined;
    state.pgFactory = pgFactory;
    const rawFactory = pgFactory ?? { provider: "postgres", adapterName: "@prisma/adapter-pg", connect: async () => unconfiguredAdapter(), connectToShadowDb: async () => unconfiguredAdapter() };
    const connect = rawFactory.connect.bind(rawFactory);
    rawFactory.connect = async () => withOfflineProbe(await connect(), ColumnTypeEnum);
    const factory = bindMigrationAwareSqlAdapterFactory(rawFactory);
    state.errorRegistry = factory.errorRegistry;
    const engine = await glue.SchemaEngine.new({ datamodels: datamodels.length > 0 ? datamodels : undefined }, (line) => {
      process.stderr.write(String(line).replace(/\n?$/, "\n"));
    }, factory);
    return { engine, pgFactory };
  })();
  setup.catch(() => {}); // reported per request

  /** Last diagnostic call (`devDiagnostic` / `diagnoseMigrationHistory`), replayed after migrations are applied. */
  let lastDiagnostic;

  const methods = {
    async getDatabaseVersion(engine, params) {
      return engine.version(params ?? undefined);
    },
    async createDatabase(_engine, params) {
      const ds = params?.datasource;
      const url = ds?.tag === "ConnectionString" ? ds.url : datasource.url;
      return { databaseName: await createDatabase(url) };
    },
    async diff(engine, params) {
      const result = await engine.diff(params);
      if (result?.stdout != null) await requestCli("print", { content: result.stdout });
      return { ...result, stdout: null };
    },
    async devDiagnostic(engine, params) {
      lastDiagnostic = { method: "devDiagnostic", params };
      return engine.devDiagnostic(params);
    },
    async diagnoseMigrationHistory(engine, params) {
      lastDiagnostic = { method: "diagnoseMigrationHistory", params };
      return engine.diagnoseMigrationHistory(params);
    },
    async applyMigrations(engine, params) {
      const result = await engine.applyMigrations(params);
      if (result?.appliedMigrationNames?.length && lastDiagnostic) {
        // Engine quirk: once pending migrations were applied, the wasm engine's state from the earlier
        // diagnostic is stale, and the next step of `migrate dev` (evaluateDataLoss / createMigration)
        // fails with "PostgreSQL shadow DB must be provided through an external factory".
        // Running the diagnostic once more (result discarded) brings it up to date.
        const { method, params: diagParams } = lastDiagnostic;
        lastDiagnostic = undefined;
        if (DEBUG) log("DEBUG", `re-running ${method} after applying ${result.appliedMigrationNames.length} migration(s)`);
        await engine[method]({ ...diagParams, migrationsList: params.migrationsList ?? diagParams.migrationsList });
      }
      return result;
    },
    async debugPanic(engine) {
      return engine.debugPanic();
    },
  };
  for (const name of [
    "createMigration",
    "dbExecute",
    "ensureConnectionValidity",
    "evaluateDataLoss",
    "introspect",
    "introspectSql",
    "markMigrationApplied",
    "markMigrationRolledBack",
    "reset",
    "schemaPush",
  ]) {
    methods[name] ??= (engine, params) => engine[name](params);
  }

  async function handle(request) {
    const { id, method, params } = request;
    const reply = (message) => {
      if (id === undefined || id === null || state.answered.has(id)) return;
      state.answered.add(id);
      writeMessage({ jsonrpc: "2.0", id, ...message });
    };
    state.inFlight = { id, reply };
    try {
      const fn = Object.hasOwn(methods, method) ? methods[method] : undefined;
      if (!fn) return reply({ error: { code: -32601, message: `Method not found: ${method}` } });
      if (state.broken) return reply({ error: rpcError(state.broken.error, state.broken.panic) });
      if (DEBUG) log("DEBUG", `rpc <- ${method}`);
      let engine, pgFactory;
      try {
        ({ engine, pgFactory } = await setup);
      } catch (err) {
        const e = toEngineError(err);
        log("ERROR", `cannot start the wasm schema engine: ${e?.stack ?? e?.message ?? e}`);
        return reply({ error: rpcError(e, false) });
      }
      try {
        const result = await fn(engine, params);
        reply({ result: result === undefined ? null : result });
      } catch (err) {
        const panic = err instanceof WebAssembly.RuntimeError || !!panicRegistry.message;
        const e = toEngineError(err);
        if (panic) {
          // The wasm instance is unusable after a panic: answer everything else with it, exit 101 at the end.
          state.broken = { error: e, panic: true };
          state.exitCode = 101;
          log("ERROR", panicRegistry.message || String(e?.message ?? e));
        } else if (DEBUG) log("DEBUG", `rpc ${method} failed: ${err?.stack ?? err}`);
        reply({ error: rpcError(e, panic) });
      } finally {
        // A shadow database only lives for the duration of one call.
        await pgFactory?.dropAllShadows();
      }
    } finally {
      state.inFlight = undefined;
    }
  }

  rl.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      writeMessage({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (message.method === undefined && message.id !== undefined && pending.has(message.id)) {
      const p = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) p.reject(new Error(message.error.message ?? "CLI request failed"));
      else p.resolve(message.result);
      return;
    }
    queue = queue.then(() => handle(message)).catch(fatal);
  });
  await closed;
  await queue;
}

/** Normalizes errors: resolves driver-adapter error ids, maps node-postgres errors to Prisma codes. */
function toEngineError(err) {
  const idMatch = /External error id#(\d+)/.exec(err?.message ?? "");
  if (idMatch && state.errorRegistry) {
    const original = state.errorRegistry.consumeError(Number(idMatch[1]))?.error;
    if (original) return toEngineError(original);
  }
  if (err && typeof err === "object" && typeof err.code === "string" && /^P\d{4}$/.test(err.code)) return err;
  if (err instanceof UserError) return err;
  if (err && typeof err === "object" && typeof err.code === "string" && (/^[0-9A-Z]{5}$/.test(err.code) || /^E[A-Z_]+$/.test(err.code))) {
    return toPrismaError(err, state.pgFactory?.datasource?.url);
  }
  return err;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const state = {
  mode: "init",
  pgFactory: undefined,
  errorRegistry: undefined,
  /** Set once the engine cannot serve requests any more (panic, crash): later requests get this error. */
  broken: undefined,
  exitCode: 0,
  inFlight: undefined,
  answered: new Set(),
};

async function cleanup() {
  await state.pgFactory?.dropAllShadows().catch(() => {});
}

/**
 * Unexpected failure. In JSON-RPC mode we must NOT exit while the CLI waits for an answer: the CLI
 * then hangs on an unref'd timer and exits 0 without printing anything. Instead the pending and all
 * later requests are answered with the error and we exit non-zero once the CLI closes stdin.
 */
function fatal(err) {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  log("ERROR", `schema-engine adapter crashed: ${message}`);
  if (state.mode === "rpc") {
    state.broken ??= { error: err instanceof Error ? err : new Error(String(err)), panic: false };
    if (state.exitCode === 0) state.exitCode = 1;
    state.inFlight?.reply({ error: rpcError(toEngineError(state.broken.error), false) });
    return;
  }
  process.exitCode = 1;
  cleanup().finally(() => process.exit(1));
}

const HELP = `schema-engine (wasm adapter)

Usage:
  schema-engine --version
  schema-engine [--datamodels <file>]... [--datasource <json>]      JSON-RPC on stdin/stdout
  schema-engine --datasource <json> cli <can-connect-to-database|create-database|drop-database>
`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.version) {
    process.stdout.write(`schema-engine-cli ${enginesHash()}\n`);
    return 0;
  }
  if (opts.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const datasource = parseDatasource(opts.datasource);
  if (opts.cli !== undefined) {
    state.mode = "cli";
    return runCliCommand(opts.cli, datasource);
  }
  state.mode = "rpc";
  await runRpc(opts, datasource);
  await cleanup();
  return state.exitCode;
}

process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => {
    cleanup().finally(() => process.exit(state.exitCode));
  });
}

const isEntry = !!process.argv[1] && fs.realpathSync(path.resolve(process.argv[1])) === fs.realpathSync(fileURLToPath(import.meta.url));
if (isEntry) {
  main().then(
    (code) => {
      // pg pools or timers left by the engine must not keep us alive once the CLI is done with us.
      setImmediate(() => process.exit(code));
    },
    (err) => {
      if (err instanceof UserError) {
        log("ERROR", err.message, err.code ? { error_code: err.code } : {});
        process.exit(1);
      }
      state.mode = "fatal";
      fatal(err);
    },
  );
}
