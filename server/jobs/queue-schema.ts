/**
 * Prepares graphile-worker's schema: runs its migrations with the owner connection (DATABASE_URL), then
 * grants the app role what it needs to enqueue inside business transactions (prisma/sql/graphile-grants.sql).
 * Called by startWorker(); call it also from the database bootstrap so the web app can enqueue before the
 * first worker ever started.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { runMigrations } from "graphile-worker";
import { getEnv } from "../env";
import { graphileLogger } from "./graphile-logger";

export const GRAPHILE_GRANTS_FILE = path.join(process.cwd(), "prisma", "sql", "graphile-grants.sql");

let prepared: Promise<void> | null = null;

export function ensureJobQueueSchema(opts: { force?: boolean } = {}): Promise<void> {
  if (!prepared || opts.force) {
    prepared = (async () => {
      const connectionString = getEnv().DATABASE_URL;
      await runMigrations({ connectionString, logger: graphileLogger });
      const sql = await readFile(GRAPHILE_GRANTS_FILE, "utf8");
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    })().catch((err) => {
      prepared = null;
      throw err;
    });
  }
  return prepared;
}
