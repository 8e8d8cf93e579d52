/**
 * Prisma CLI configuration. Run the CLI through `tsx scripts/prisma.ts` (npm run prisma -- …): it works
 * offline (wasm schema engine) and provides the embedded dev database when DATABASE_URL is unset.
 */
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    // Without DATABASE_URL, a placeholder that fails fast (nothing listens on port 1) keeps
    // database-less commands working: `generate`, `validate`, `migrate diff --from-empty --to-schema`.
    url: process.env.DATABASE_URL || "postgresql://database-url-not-set@127.0.0.1:1/unset",
    // Optional; otherwise a temporary `<db>_shadow_<random>` database is created on the same server.
    ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
});
