/**
 * Integration test of the offline Prisma CLI: scripts/prisma.ts + the wasm schema-engine adapter
 * (scripts/schema-engine), against a throw-away embedded PostgreSQL and a tiny schema of our own.
 * PRISMA_SCHEMA_ENGINE_BINARY is forced to the adapter, so a broken adapter fails these tests even
 * on machines where a native engine is installed.
 */
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "../lib/embedded-postgres.ts";
import { enginesHash, REPO_ROOT, SCHEMA_ENGINE_SHIM } from "../lib/prisma-cli.ts";

const TSX_CLI = path.join(REPO_ROOT, "node_modules/tsx/dist/cli.mjs");
const WRAPPER = path.join(REPO_ROOT, "scripts/prisma.ts");

const SCHEMA = `
generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
}

enum Kind {
  A
  B
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  kind  Kind   @default(A)
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String @db.VarChar(200)
  authorId Int
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@index([authorId])
}
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

type Run = { code: number | null; stdout: string; stderr: string; output: string };

const base = path.join(os.tmpdir(), `pult-schema-engine-test-${randomBytes(4).toString("hex")}`);
const project = path.join(base, "project");
const migrationsDir = path.join(project, "migrations");
let server: TEmbeddedPostgres;

/** `tsx scripts/prisma.ts <args>` in the test project, against database `db` of the test server. */
function prisma(args: string[], db: string | null, extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Unreachable on purpose when no database is given: the command must not need one.
    DATABASE_URL: db ? withDatabase(server.url, db) : "postgresql://nobody@127.0.0.1:1/none",
    PRISMA_SCHEMA_ENGINE_BINARY: SCHEMA_ENGINE_SHIM,
    ...extraEnv,
  };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, WRAPPER, ...args], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` }));
  });
}

async function query<T extends pg.QueryResultRow>(db: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: withDatabase(server.url, db) });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationNames(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function expectOk(run: Run) {
  if (run.code !== 0) throw new Error(`prisma exited with ${run.code}\n${run.output}`);
}

beforeAll(async () => {
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, "schema.prisma"), SCHEMA);
  const configModule = pathToFileURL(path.join(REPO_ROOT, "node_modules/prisma/config.js")).href;
  writeFileSync(
    path.join(project, "prisma.config.ts"),
    `import { defineConfig } from ${JSON.stringify(configModule)};\n` +
      `export default defineConfig({ schema: "schema.prisma", migrations: { path: "migrations" }, datasource: { url: process.env.DATABASE_URL } });\n`,
  );
  server = await startEmbeddedPostgres({ dir: path.join(base, "pg"), port: await freePort(), quiet: true });
});

afterAll(async () => {
  await server?.stop();
  rmSync(base, { recursive: true, force: true });
});

describe("offline prisma CLI through the wasm schema-engine adapter", () => {
  it("reports the engine version the CLI expects", async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(SCHEMA_ENGINE_SHIM, ["--version"], (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    expect(out.trim()).toBe(`schema-engine-cli ${enginesHash()}`);
  });

  it("migrate diff --from-empty --to-schema --script (no database needed)", async () => {
    const run = await prisma(["migrate", "diff", "--from-empty", "--to-schema", "schema.prisma", "--script"], null);
    expectOk(run);
    expect(run.stdout).toContain('CREATE TYPE "Kind" AS ENUM');
    expect(run.stdout).toContain('CREATE TABLE "User"');
    expect(run.stdout).toContain('CREATE TABLE "Post"');
    expect(run.stdout).toMatch(/FOREIGN KEY \("authorId"\) REFERENCES "User"\("id"\) ON DELETE CASCADE/);
  });

  it("migrate dev --name init creates and applies a migration", async () => {
    const run = await prisma(["migrate", "dev", "--name", "init"], "dev_db");
    expectOk(run);
    const [init] = migrationNames();
    expect(init).toMatch(/^\d{14}_init$/);
    expect(readFileSync(path.join(migrationsDir, init, "migration.sql"), "utf8")).toContain('CREATE TABLE "User"');
    expect(existsSync(path.join(migrationsDir, "migration_lock.toml"))).toBe(true);
    const applied = await query<{ migration_name: string }>("dev_db", "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL");
    expect(applied.map((r) => r.migration_name)).toEqual([init]);
  });

  it("migrate status reports the database up to date", async () => {
    const run = await prisma(["migrate", "status"], "dev_db");
    expectOk(run);
    expect(run.stdout).toContain("Database schema is up to date");
  });

  it("migrate deploy applies the migrations, incl. PL/pgSQL with semicolons, to a fresh database", async () => {
    // A hand-written migration like the project's RLS ones: a dollar-quoted body, semicolons in strings.
    const [init] = migrationNames();
    const plpgsql = `${init.slice(0, 14)}_plpgsql`;
    mkdirSync(path.join(migrationsDir, plpgsql));
    writeFileSync(
      path.join(migrationsDir, plpgsql, "migration.sql"),
      `DO $$\nBEGIN\n  INSERT INTO "User" (email) VALUES ('plpgsql; ran');\n  RAISE NOTICE 'semicolons; inside; strings';\nEND\n$$;\n`,
    );
    const run = await prisma(["migrate", "deploy"], "deploy_db");
    expectOk(run);
    expect(run.stdout).toContain("All migrations have been successfully applied");
    const tables = await query<{ table_name: string }>("deploy_db", "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    expect(tables.map((t) => t.table_name)).toEqual(["Post", "User", "_prisma_migrations"]);
    expect(await query("deploy_db", `SELECT email FROM "User"`)).toEqual([{ email: "plpgsql; ran" }]);
    const applied = await query<{ migration_name: string }>("deploy_db", "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1");
    expect(applied.map((r) => r.migration_name)).toEqual([init, plpgsql]);
  });

  it("migrate dev applies pending migrations, then creates only the new change", async () => {
    writeFileSync(path.join(project, "schema.prisma"), SCHEMA.replace("  kind  Kind   @default(A)\n", "  kind  Kind   @default(A)\n  nickname String?\n"));
    const run = await prisma(["migrate", "dev", "--name", "nickname"], "dev2_db");
    expectOk(run);
    const names = migrationNames();
    expect(names).toHaveLength(3);
    const sql = readFileSync(path.join(migrationsDir, names[2], "migration.sql"), "utf8");
    expect(sql).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);
    expect(sql).not.toContain("CREATE TABLE");
  });

  it("migrate diff from migrations (shadow database) sees no drift, and leaves no shadow database", async () => {
    const run = await prisma(["migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--script"], "dev2_db");
    expectOk(run);
    expect(run.stdout).toContain("This is an empty migration.");
    const shadows = await query<{ datname: string }>("postgres", "SELECT datname FROM pg_database WHERE datname LIKE '%shadow%'");
    expect(shadows).toEqual([]);
  });

  it("migrate reset --force drops the data and re-applies all migrations", async () => {
    await query("dev_db", `INSERT INTO "User" (email) VALUES ('a@example.com')`);
    const run = await prisma(["migrate", "reset", "--force"], "dev_db");
    expectOk(run);
    // Only the row inserted by the PL/pgSQL migration is left.
    expect(await query("dev_db", `SELECT email FROM "User"`)).toEqual([{ email: "plpgsql; ran" }]);
    const applied = await query<{ migration_name: string }>("dev_db", "SELECT migration_name FROM _prisma_migrations ORDER BY 1");
    expect(applied.map((r) => r.migration_name)).toEqual(migrationNames());
  });

  it("db pull introspects the models back", async () => {
    const run = await prisma(["db", "pull", "--print"], "dev_db");
    expectOk(run);
    expect(run.stdout).toMatch(/model User \{[^}]*email\s+String\s+@unique[^}]*nickname\s+String\?/);
    expect(run.stdout).toMatch(/model Post \{[^}]*@relation\(fields: \[authorId\], references: \[id\], onDelete: Cascade\)/);
    expect(run.stdout).toMatch(/enum Kind \{\s*A\s+B\s*\}/);
  });

  it("fails loudly (non-zero exit, Prisma error code) when the database rejects the connection", async () => {
    const bad = new URL(withDatabase(server.url, "dev_db"));
    bad.password = "wrong-password";
    const run = await prisma(["migrate", "status"], null, { DATABASE_URL: bad.toString() });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("P1000");
  });
});
