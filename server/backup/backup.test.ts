/** Backup → wipe → restore round trip: rows (with RLS on, bigint, dates, enums) and the document bytes come back. */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { getEnv, resetEnvCache } from "../env";
import { withTenant } from "../db";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "../crm/testing";
import { uploadDocument } from "../crm/upload-document";
import { createBackup, readBackupManifest, restoreBackup } from "./backup";
import { getFileStorage } from "../storage/file-storage";

const storageDir = mkdtempSync(path.join(os.tmpdir(), "pult-backup-files-"));
const outDir = mkdtempSync(path.join(os.tmpdir(), "pult-backup-out-"));
let t: Awaited<ReturnType<typeof crmCompany>>;

async function ownerQuery(sql: string) {
  const c = new pg.Client({ connectionString: getEnv().DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  process.env.CRM_STORAGE_DIR = storageDir;
  resetEnvCache();
  await ensureJobQueueSchema();
  t = await crmCompany("Бэкап");
});

describe("backup and restore", () => {
  it("round-trips the database and the document store", async () => {
    const s = t.as(t.seller);
    const deal = await s.crm.createDeal({ title: "Сделка для копии", newClient: { kind: "company", name: "ООО Копия" } });
    await s.crm.addJournal({ dealId: deal.id, text: "Запись до копии" });
    const doc = await uploadDocument({ companyId: t.company.id, role: "seller", actor: { userId: t.seller.user.id, name: "Сергей" }, dealId: deal.id, fileName: "паспорт.pdf", data: Buffer.from("%PDF секрет") });
    const before = await s.crm.deal({ dealId: deal.id });

    const { file, manifest } = await createBackup({ databaseUrl: getEnv().DATABASE_URL, storage: getFileStorage(), outDir });
    expect(existsSync(file)).toBe(true);
    expect(manifest.files).toBe(1);
    expect(manifest.tables.find((x) => x.name === "CrmDeal")?.rows).toBeGreaterThanOrEqual(1);
    expect((await readBackupManifest(file)).migrations.length).toBeGreaterThan(0);

    // Wipe: data and files gone (and something added after the backup that must disappear).
    await s.crm.createDeal({ title: "После копии", newClient: { kind: "person", name: "Лишний" } });
    await ownerQuery(`TRUNCATE "Company", "User" CASCADE`);
    await rm(storageDir, { recursive: true, force: true });
    expect(await ownerQuery(`SELECT count(*)::int AS n FROM "CrmDeal"`)).toEqual([{ n: 0 }]);

    const r = await restoreBackup({ databaseUrl: getEnv().DATABASE_URL, storage: getFileStorage(), file });
    expect(r.files).toBe(1);
    const after = await s.crm.deal({ dealId: deal.id });
    expect(after.journal.map((j) => j.text)).toEqual(before.journal.map((j) => j.text));
    expect(after.documents.map((d) => d.name)).toEqual(["паспорт.pdf"]);
    expect(after.client.name).toBe("ООО Копия");
    const titles = (await s.crm.deals({ filters: { sort: "title" } })).items.map((d) => d.title);
    expect(titles).toEqual(["Сделка для копии"]);
    const key = await withTenant(t.company.id, (tx) => tx.crmDocument.findFirstOrThrow({ where: { id: doc.id } }));
    expect(readFileSync(path.join(storageDir, key.storageKey), "utf8")).toBe("%PDF секрет");
    // Sequences moved past the restored rows: new rows still insert.
    await s.crm.addJournal({ dealId: deal.id, text: "После восстановления" });
  }, 60_000);

  it("refuses an archive that is not a backup", async () => {
    const bogus = path.join(outDir, "bogus.tar.gz");
    await expect(readBackupManifest(bogus)).rejects.toThrow();
  });
});
