/**
 * `npm run restore -- <file> --yes`: replaces ALL data of the database and the CRM document store with the archive's
 * (made by `npm run backup`). Applies migrations first, so an empty database works too. Without `--yes` it only
 * shows what the archive holds and what would be replaced.
 */
import path from "node:path";
import { acquireEmbeddedDatabase, REPO_ROOT, runPrisma } from "./lib/prisma-cli.ts";
import { loadDevSecrets } from "./lib/dev-secrets.ts";

const argv = process.argv.slice(2);
const file = argv.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("Укажите файл резервной копии: npm run restore -- <файл> --yes");
  process.exit(2);
}
const embedded = process.env.DATABASE_URL ? null : await acquireEmbeddedDatabase();
if (embedded) {
  // Development: the embedded database and the demo's generated secrets (the app's env needs them to load).
  process.env.DATABASE_URL = embedded.url;
  for (const [k, v] of Object.entries(loadDevSecrets(path.join(REPO_ROOT, ".data")))) process.env[k] ??= v;
}
let code = 0;
try {
  const { getEnv } = await import("../server/env.ts");
  const { readBackupManifest, restoreBackup, describeManifest } = await import("../server/backup/backup.ts");
  const { createFileStorage, describeFileStorage } = await import("../server/storage/file-storage.ts");
  const env = getEnv();
  const manifest = await readBackupManifest(path.resolve(file));
  console.log(`Архив ${file}: ${describeManifest(manifest)}`);
  if (!argv.includes("--yes")) {
    console.log(`Восстановление УДАЛИТ все текущие данные базы и документы хранилища ${describeFileStorage(env)}.\nЧтобы продолжить, повторите команду с флагом --yes.`);
    code = 1;
  } else {
    if ((await runPrisma(["migrate", "deploy"], { DATABASE_URL: env.DATABASE_URL }, { quiet: true })) !== 0) throw new Error("Не удалось применить миграции");
    const { ensureAppRole } = await import("./lib/bootstrap-db.ts");
    await ensureAppRole(env.DATABASE_URL, env.DATABASE_APP_PASSWORD);
    const r = await restoreBackup({ databaseUrl: env.DATABASE_URL, storage: createFileStorage(env), file: path.resolve(file) });
    console.log(`Восстановлено: строк ${Object.values(r.restored).reduce((s, n) => s + n, 0)} в ${Object.keys(r.restored).length} таблицах, файлов ${r.files}.`);
  }
} catch (err) {
  console.error(`Ошибка восстановления: ${err instanceof Error ? err.message : String(err)}`);
  code = 1;
} finally {
  await embedded?.stop();
}
process.exit(code);
