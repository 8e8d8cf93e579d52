/** The S3 document store over a real connection to the S3 simulator; chosen by configuration. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3Demo, s3Simulator } from "../../sandbox/s3/server";
import { getEnv, resetEnvCache } from "../env";
import { createFileStorage, getFileStorage } from "./file-storage";
import { LocalDiskStorage } from "./local-disk-storage";
import { S3Storage } from "./s3-storage";

let sim: Awaited<ReturnType<typeof s3Simulator.start>>;
const key = () => `${randomUUID()}/${randomUUID()}/${randomUUID()}`;
const saved = { ...process.env };

beforeAll(async () => {
  sim = await s3Simulator.start({ seed: { maxKeysLimit: 3 } });
});
afterAll(async () => {
  for (const k of Object.keys(process.env)) if (k.startsWith("CRM_S")) delete process.env[k];
  Object.assign(process.env, saved);
  resetEnvCache();
  await sim?.stop();
});

const s3Env = () => ({
  CRM_STORAGE_DRIVER: "s3", CRM_S3_ENDPOINT: sim.url, CRM_S3_REGION: s3Demo.region, CRM_S3_BUCKET: s3Demo.bucket,
  CRM_S3_ACCESS_KEY_ID: s3Demo.accessKeyId, CRM_S3_SECRET_ACCESS_KEY: s3Demo.secretAccessKey,
});

describe("S3Storage", () => {
  it("writes, reads, checks, lists (across pages) and deletes under its prefix", async () => {
    const storage = new S3Storage({ endpoint: sim.url, region: s3Demo.region, bucket: s3Demo.bucket, accessKeyId: s3Demo.accessKeyId, secretAccessKey: s3Demo.secretAccessKey, prefix: "crm" });
    const keys = [key(), key(), key(), key()];
    for (const [i, k] of keys.entries()) await storage.put(k, Buffer.from(`полис ${i}`));
    expect((await storage.get(keys[2]!)).toString()).toBe("полис 2");
    expect(await storage.exists(keys[0]!)).toBe(true);
    expect(Object.keys(sim.state.buckets[s3Demo.bucket]!).every((k) => k.startsWith("crm/"))).toBe(true);
    const listed: string[] = [];
    for await (const k of storage.keys()) listed.push(k);
    expect(listed.sort()).toEqual([...keys].sort());
    await storage.delete(keys[0]!);
    expect(await storage.exists(keys[0]!)).toBe(false);
    await storage.delete(keys[0]!);
    await expect(storage.get(keys[0]!)).rejects.toMatchObject({ code: "NOT_FOUND", message: "Файл не найден в хранилище документов" });
    await expect(storage.put("../escape", Buffer.from("x"))).rejects.toThrow("Invalid storage key");
  });

  it("a rejected key pair is a clear Russian error, without the secret", async () => {
    const storage = new S3Storage({ endpoint: sim.url, region: s3Demo.region, bucket: s3Demo.bucket, accessKeyId: s3Demo.accessKeyId, secretAccessKey: "not-the-secret-42" });
    const err = await storage.put(key(), Buffer.from("x")).catch((e: unknown) => e as Error & { code: string });
    expect(err).toMatchObject({ code: "UPSTREAM", message: "Хранилище документов: S3-хранилище отклонило ключи доступа: проверьте ключ и секрет" });
    expect(JSON.stringify(err)).not.toContain("not-the-secret-42");
  });
});

describe("configuration", () => {
  it("disk is the default; CRM_STORAGE_DRIVER=s3 selects the bucket", async () => {
    delete process.env.CRM_STORAGE_DRIVER;
    resetEnvCache();
    expect(getFileStorage()).toBeInstanceOf(LocalDiskStorage);
    Object.assign(process.env, s3Env());
    resetEnvCache();
    const storage = getFileStorage();
    expect(storage).toBeInstanceOf(S3Storage);
    const k = key();
    await storage.put(k, Buffer.from("через настройки"));
    expect((await createFileStorage(getEnv()).get(k)).toString()).toBe("через настройки");
  });

  it("s3 without its settings is a clear env error that never prints the secret", () => {
    Object.assign(process.env, s3Env());
    delete process.env.CRM_S3_BUCKET;
    process.env.CRM_S3_SECRET_ACCESS_KEY = "super-secret-never-printed";
    resetEnvCache();
    let message = "";
    try { getEnv(); } catch (e) { message = (e as Error).message; }
    expect(message).toContain("CRM_S3_BUCKET обязателен при CRM_STORAGE_DRIVER=s3");
    expect(message).not.toContain("super-secret-never-printed");
    Object.assign(process.env, s3Env());
    resetEnvCache();
  });
});
