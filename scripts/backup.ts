/**
 * `npm run backup [-- --out <dir>]`: the database (every table) and the CRM document store (disk or S3, as configured) in one archive,
 * `.data/backups/pult-backup-<time>.tar.gz` by default. Uses DATABASE_URL (the owner) or, in development,
 * the embedded database.
 */
import path from "node:path";
import { acquireEmbeddedDatabase, REPO_ROOT } from "./lib/prisma-cli.ts";
import { loadDevSecrets } from "./lib/dev-secrets.ts";

const argv = process.argv.slice(2);
const outDir = argv.includes("--out") ? path.resolve(argv[argv.indexOf("--out") + 1]!) : path.join(REPO_ROOT, ".data/backups");
const embedded = process.env.DATABASE_URL ? null : await acquireEmbeddedDatabase();
if (embedded) {
  // Development: the embedded database and the demo's generated secrets (the app's env needs them to load).
  process.env.DATABASE_URL = embedded.url;
  for (const [k, v] of Object.entries(loadDevSecrets(path.join(REPO_ROOT, ".data")))) process.env[k] ??= v;
}
try {
  const { getEnv } = await import("../server/env.ts");
  const { createBackup, describeManifest } = await import("../server/backup/backup.ts");
  const { createFileStorage } = await import("../server/storage/file-storage.ts");
  const env = getEnv();
  const r = await createBackup({ databaseUrl: env.DATABASE_URL, storage: createFileStorage(env), outDir });
  console.log(`Резервная копия готова: ${r.file}\n  ${describeManifest(r.manifest)}`);
} finally {
  await embedded?.stop();
}
