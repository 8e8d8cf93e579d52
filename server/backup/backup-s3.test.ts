/**
 * Backup → wipe → restore with the documents in the S3 store (the simulator over a real connection): the bytes
 * come back into the bucket, and our own signed download links keep working on top of S3.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3Demo, s3Simulator } from "../../sandbox/s3/server";
import { getEnv, resetEnvCache } from "../env";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "../crm/testing";
import { uploadDocument } from "../crm/upload-document";
import { openDocumentForDownload } from "../crm/manage-documents";
import { getFileStorage } from "../storage/file-storage";
import { S3Storage } from "../storage/s3-storage";
import { createBackup, restoreBackup } from "./backup";

const outDir = mkdtempSync(path.join(os.tmpdir(), "pult-backup-s3-out-"));
let sim: Awaited<ReturnType<typeof s3Simulator.start>>;
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
  sim = await s3Simulator.start();
  Object.assign(process.env, {
    CRM_STORAGE_DRIVER: "s3", CRM_S3_ENDPOINT: sim.url, CRM_S3_REGION: s3Demo.region, CRM_S3_BUCKET: s3Demo.bucket,
    CRM_S3_ACCESS_KEY_ID: s3Demo.accessKeyId, CRM_S3_SECRET_ACCESS_KEY: s3Demo.secretAccessKey, CRM_S3_PREFIX: "pult",
  });
  resetEnvCache();
  await ensureJobQueueSchema();
  t = await crmCompany("Бэкап S3");
});
afterAll(() => sim?.stop());

describe("backup and restore with the S3 document store", () => {
  it("round-trips the bucket's documents; signed links download them from S3", async () => {
    expect(getFileStorage()).toBeInstanceOf(S3Storage);
    const s = t.as(t.seller);
    const seller = { companyId: t.company.id, role: "seller" as const, actor: { userId: t.seller.user.id, name: "Сергей" } };
    const deal = await s.crm.createDeal({ title: "Сделка в S3", newClient: { kind: "person", name: "Клиент S3" } });
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4 "), Buffer.from([0, 255, 128, 7])]);
    const doc = await uploadDocument({ ...seller, dealId: deal.id, fileName: "полис.pdf", data: pdf });
    const bucket = () => Object.keys(sim.state.buckets[s3Demo.bucket]!);
    expect(bucket()).toHaveLength(1);
    expect(bucket()[0]).toMatch(new RegExp(`^pult/${t.company.id}/${deal.id}/`));

    // Our own short-lived link, access re-checked on download; the bytes come from the bucket.
    const link = await s.crm.downloadLink({ documentId: doc.id });
    const token = decodeURIComponent(link.url.split("token=")[1]!);
    expect((await openDocumentForDownload({ ...seller, documentId: doc.id, token })).data).toEqual(pdf);
    await expect(openDocumentForDownload({ companyId: t.company.id, role: "seller", actor: { userId: t.seller2.user.id, name: "Семён" }, documentId: doc.id, token }))
      .rejects.toMatchObject({ code: "FORBIDDEN" });

    const { file, manifest } = await createBackup({ databaseUrl: getEnv().DATABASE_URL, storage: getFileStorage(), outDir });
    expect(manifest.files).toBe(1);

    // Wipe the database and the bucket; put a stray object in that the restore must remove.
    await ownerQuery(`TRUNCATE "Company", "User" CASCADE`);
    sim.state.buckets[s3Demo.bucket] = {};
    const stray = `${t.company.id}/${deal.id}/00000000-0000-4000-8000-000000000009`;
    await getFileStorage().put(stray, Buffer.from("лишний"));

    const r = await restoreBackup({ databaseUrl: getEnv().DATABASE_URL, storage: getFileStorage(), file });
    expect(r.files).toBe(1);
    expect(await getFileStorage().exists(stray)).toBe(false);
    expect(bucket()).toHaveLength(1);
    const after = await s.crm.deal({ dealId: deal.id });
    expect(after.documents.map((d) => d.name)).toEqual(["полис.pdf"]);
    const link2 = await s.crm.downloadLink({ documentId: doc.id });
    expect((await openDocumentForDownload({ ...seller, documentId: doc.id, token: decodeURIComponent(link2.url.split("token=")[1]!) })).data).toEqual(pdf);
  }, 60_000);
});
