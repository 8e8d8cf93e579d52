/**
 * Vitest global setup: one embedded PostgreSQL for the whole run, a migrated template database, and
 * the application role's password. Each test file then gets its own database cloned from the template
 * (server/test/setup-file.ts), so files never see each other's rows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { ensureAppRole, ensureDatabase, withDatabase } from "../../scripts/lib/bootstrap-db";
import { runPrisma } from "../../scripts/lib/prisma-cli";
import { findFreePort } from "../../scripts/lib/free-port";
import { TEST_APP_PASSWORD, TEMPLATE_DB } from "./constants";

export default async function setup(project: TestProject) {
  const external = process.env.PULT_TEST_DATABASE_URL;
  let stop = async () => {};
  let ownerUrl: string;
  if (external) {
    ownerUrl = external;
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pult-test-pg-"));
    const pg = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: await findFreePort(), quiet: true });
    ownerUrl = pg.url;
    stop = async () => { await pg.stop(); rmSync(dir, { recursive: true, force: true }); };
  }
  await ensureDatabase(ownerUrl, TEMPLATE_DB);
  const code = await runPrisma(["migrate", "deploy"], { DATABASE_URL: withDatabase(ownerUrl, TEMPLATE_DB) }, { quiet: true });
  if (code !== 0) throw new Error(`prisma migrate deploy failed with code ${code}`);
  await ensureAppRole(ownerUrl, TEST_APP_PASSWORD);
  project.provide("ownerUrl", ownerUrl);
  return stop;
}

declare module "vitest" {
  export interface ProvidedContext {
    ownerUrl: string;
  }
}
