/**
 * `npm run db:migrate` (production and CI): apply Prisma migrations as the owner (DATABASE_URL), give the
 * application role its password (DATABASE_APP_PASSWORD), and prepare the job queue schema with its grants.
 */
import { runPrisma } from "./lib/prisma-cli.ts";
import { ensureAppRole } from "./lib/bootstrap-db.ts";

const code = await runPrisma(["migrate", "deploy"]);
if (code !== 0) process.exit(code);
const { getEnv } = await import("../server/env.ts");
const { ensureJobQueueSchema } = await import("../server/jobs/queue-schema.ts");
await ensureAppRole(getEnv().DATABASE_URL, getEnv().DATABASE_APP_PASSWORD);
await ensureJobQueueSchema();
console.log("Database ready: migrations applied, application role and job queue prepared.");
process.exit(0);
