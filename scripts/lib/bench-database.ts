import { ensureAppRole, ensureDatabase, withDatabase } from "./bootstrap-db.ts";
import { runPrisma } from "./prisma-cli.ts";

/**
 * The benchmarks' database: a `bench` database on the given server, migrated (`prisma migrate deploy`), with the
 * app role (password `env.DATABASE_APP_PASSWORD`); `env` gets DATABASE_URL and is copied into process.env.
 */
export async function prepareBenchDatabase(serverUrl: string, env: Record<string, string>): Promise<void> {
  await ensureDatabase(serverUrl, "bench");
  env.DATABASE_URL = withDatabase(serverUrl, "bench");
  Object.assign(process.env, env);
  if ((await runPrisma(["migrate", "deploy"], env, { quiet: true })) !== 0) throw new Error("migrate deploy failed");
  await ensureAppRole(env.DATABASE_URL, env.DATABASE_APP_PASSWORD!);
}
