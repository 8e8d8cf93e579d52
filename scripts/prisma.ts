/**
 * Offline Prisma CLI: `tsx scripts/prisma.ts <prisma args…>` (npm run prisma -- …, npm run generate,
 * npm run db:migrate). See scripts/lib/prisma-cli.ts.
 */
import { runPrisma } from "./lib/prisma-cli.ts";

runPrisma(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
