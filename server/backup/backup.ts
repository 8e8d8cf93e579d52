/**
 * Backup and restore of the whole installation: every table of the `public` schema (as JSON lines, typed back on
 * restore by `json_populate_recordset`, so bigint, dates, arrays and enums survive) plus the CRM document store,
 * packed into one `.tar.gz`. The document store is read and written through its interface (server/storage), so the
 * same archive works for the disk store and the S3 store (and moves documents from one to the other). Runs as the database owner (DATABASE_URL) inside a system transaction
 * (`app.bypass_rls`), so row-level security neither hides rows from the dump nor rejects them on restore.
 * The job queue schema is not included (queued work is transient).
 */
import { execFile } from "node:child_process";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { promisify } from "node:util";
import pg from "pg";
import { isStorageKey, type TFileStorage } from "../storage/file-storage";

const run = promisify(execFile);
const BATCH = 2000;
export const BACKUP_FORMAT = "pult-backup/1";

type TManifest = { format: string; createdAt: string; migrations: string[]; tables: { name: string; rows: number }[]; files: number };

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

async function listTables(client: pg.Client): Promise<string[]> {
  const r = await client.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`);
  return r.rows.map((x) => x.name);
}

/** Tables ordered so that every table comes after the ones its foreign keys point to. */
async function dependencyOrder(client: pg.Client, tables: string[]): Promise<string[]> {
  const r = await client.query<{ child: string; parent: string }>(`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = 'public'`);
  const strip = (s: string) => s.replace(/^public\./, "").replace(/^"|"$/g, "");
  const deps = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of r.rows) if (strip(child) !== strip(parent)) deps.get(strip(child))?.add(strip(parent));
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, stack: Set<string>) => {
    if (seen.has(t) || stack.has(t)) return;
    stack.add(t);
    for (const p of deps.get(t) ?? []) if (deps.has(p)) visit(p, stack);
    seen.add(t);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

/** The archived files' keys (`files/<companyId>/<dealId>/<uuid>`). */
async function archivedKeys(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter(isStorageKey);
}

/** Copies every document of the store into `dir` (one file per key); returns how many. */
async function dumpStorage(storage: TFileStorage, dir: string): Promise<number> {
  let n = 0;
  for await (const key of storage.keys()) {
    const target = path.join(dir, ...key.split("/"));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await storage.get(key));
    n++;
  }
  return n;
}

/** Writes `<outDir>/pult-backup-<timestamp>.tar.gz` and returns its path and what it holds. */
export async function createBackup(opts: { databaseUrl: string; storage: TFileStorage; outDir: string; now?: Date }) {
  const stage = await mkdtemp(path.join(os.tmpdir(), "pult-backup-"));
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    await mkdir(path.join(stage, "db"), { recursive: true });
    // One snapshot for every table.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query("SELECT set_config('app.bypass_rls', 'on', true)");
    const migrations = (await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`)).rows.map((r) => r.migration_name);
    const tables: TManifest["tables"] = [];
    for (const t of await listTables(client)) {
      const out = createWriteStream(path.join(stage, "db", `${t}.jsonl`));
      await client.query(`DECLARE c NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM ${q(t)} x`);
      let rows = 0;
      for (;;) {
        const r = await client.query<{ j: string }>(`FETCH ${BATCH} FROM c`);
        if (r.rows.length === 0) break;
        rows += r.rows.length;
        if (!out.write(r.rows.map((x) => x.j).join("\n") + "\n")) await new Promise<void>((res) => out.once("drain", () => res()));
      }
      await client.query("CLOSE c");
      await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
      tables.push({ name: t, rows });
    }
    await client.query("COMMIT");
    await mkdir(path.join(stage, "files"));
    const files = await dumpStorage(opts.storage, path.join(stage, "files"));
    const manifest: TManifest = { format: BACKUP_FORMAT, createdAt: (opts.now ?? new Date()).toISOString(), migrations, tables, files };
    await writeFile(path.join(stage, "manifest.json"), JSON.stringify(manifest, null, 2));
    await mkdir(opts.outDir, { recursive: true });
    const stamp = manifest.createdAt.replace(/[:.]/g, "-");
    const file = path.resolve(opts.outDir, `pult-backup-${stamp}.tar.gz`);
    await run("tar", ["-czf", file, "-C", stage, "manifest.json", "db", "files"]);
    return { file, manifest };
  } finally {
    await client.end();
    await rm(stage, { recursive: true, force: true });
  }
}

/** Reads an archive's manifest without restoring it. */
export async function readBackupManifest(file: string): Promise<TManifest> {
  const { stdout } = await run("tar", ["-xzOf", file, "manifest.json"], { maxBuffer: 10 * 1024 * 1024 });
  const m = JSON.parse(stdout) as TManifest;
  if (m.format !== BACKUP_FORMAT) throw new Error(`Неизвестный формат резервной копии: ${m.format}`);
  return m;
}

/**
 * Restores an archive into a database whose schema is migrated (the caller runs `migrate deploy` first): every
 * table is emptied and refilled in one transaction, serial sequences are moved past the restored ids, then the
 * document store's content is replaced by the archived files (every other key in it is removed). The schema must be at the archive's migrations.
 */
export async function restoreBackup(opts: { databaseUrl: string; storage: TFileStorage; file: string }) {
  const manifest = await readBackupManifest(opts.file);
  const stage = await mkdtemp(path.join(os.tmpdir(), "pult-restore-"));
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    await run("tar", ["-xzf", opts.file, "-C", stage]);
    const applied = (await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`)).rows.map((r) => r.migration_name);
    const missing = manifest.migrations.filter((m) => !applied.includes(m));
    if (missing.length) throw new Error(`В базе не применены миграции резервной копии: ${missing.join(", ")}`);
    const existing = await listTables(client);
    const unknown = manifest.tables.map((t) => t.name).filter((t) => !existing.includes(t));
    if (unknown.length) throw new Error(`В базе нет таблиц из резервной копии: ${unknown.join(", ")}`);

    await client.query("BEGIN");
    await client.query("SELECT set_config('app.bypass_rls', 'on', true)");
    await client.query(`TRUNCATE ${existing.map(q).join(", ")} CASCADE`);
    // Rows come back as they were: no trigger may add or derive rows meanwhile (e.g. the CRM search words).
    for (const t of existing) await client.query(`ALTER TABLE ${q(t)} DISABLE TRIGGER USER`);
    const restored: Record<string, number> = {};
    for (const t of await dependencyOrder(client, manifest.tables.map((x) => x.name))) {
      const src = path.join(stage, "db", `${t}.jsonl`);
      let batch: string[] = [];
      let rows = 0;
      const flush = async () => {
        if (!batch.length) return;
        await client.query(`INSERT INTO ${q(t)} SELECT * FROM json_populate_recordset(NULL::${q(t)}, $1::json)`, [`[${batch.join(",")}]`]);
        rows += batch.length;
        batch = [];
      };
      for await (const line of readline.createInterface({ input: createReadStream(src, "utf8"), crlfDelay: Infinity })) {
        if (!line) continue;
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      restored[t] = rows;
    }
    const serials = await client.query<{ tbl: string; col: string; seq: string }>(`
      SELECT c.table_name AS tbl, c.column_name AS col, pg_get_serial_sequence(format('%I', c.table_name), c.column_name) AS seq
        FROM information_schema.columns c
       WHERE c.table_schema = 'public' AND c.column_default LIKE 'nextval(%'`);
    for (const s of serials.rows) {
      if (!s.seq) continue;
      await client.query(`SELECT setval($1, COALESCE((SELECT max(${q(s.col)}) FROM ${q(s.tbl)}), 0) + 1, false)`, [s.seq]);
    }
    for (const t of existing) await client.query(`ALTER TABLE ${q(t)} ENABLE TRIGGER USER`);
    await client.query("COMMIT");

    const keys = await archivedKeys(path.join(stage, "files"));
    const wanted = new Set(keys);
    const stale: string[] = [];
    for await (const key of opts.storage.keys()) if (!wanted.has(key)) stale.push(key);
    for (const key of stale) await opts.storage.delete(key);
    for (const key of keys) await opts.storage.put(key, await readFile(path.join(stage, "files", ...key.split("/"))));
    return { manifest, restored, files: keys.length };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
    await rm(stage, { recursive: true, force: true });
  }
}

/** For the CLI: the archive's summary as text. */
export function describeManifest(m: TManifest): string {
  const rows = m.tables.reduce((s, t) => s + t.rows, 0);
  return `копия от ${m.createdAt}: таблиц ${m.tables.length}, строк ${rows}, файлов ${m.files}, миграций ${m.migrations.length}`;
}

