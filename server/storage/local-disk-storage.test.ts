import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalDiskStorage } from "./local-disk-storage";

const root = mkdtempSync(path.join(os.tmpdir(), "pult-storage-"));
const storage = new LocalDiskStorage(root);
const key = () => `${randomUUID()}/${randomUUID()}/${randomUUID()}`;

describe("LocalDiskStorage", () => {
  it("writes, reads, checks and deletes under its root", async () => {
    const k = key();
    await storage.put(k, Buffer.from("полис"));
    expect((await storage.get(k)).toString()).toBe("полис");
    expect(await storage.exists(k)).toBe(true);
    expect(existsSync(path.join(root, k))).toBe(true);
    expect(readdirSync(path.dirname(path.join(root, k)))).toHaveLength(1);
    await storage.delete(k);
    expect(await storage.exists(k)).toBe(false);
    await storage.delete(k);
  });

  it("refuses keys that are not server-generated (path tricks)", async () => {
    for (const bad of ["../x", "a/b/c", `${randomUUID()}/../../etc/passwd`, `/${randomUUID()}/${randomUUID()}/${randomUUID()}`, ""]) {
      await expect(storage.put(bad, Buffer.from("x")), bad).rejects.toThrow();
      await expect(storage.get(bad), bad).rejects.toThrow();
    }
  });
});

describe("LocalDiskStorage.keys", () => {
  it("lists only server-generated keys (no temp files or strays)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pult-storage-keys-"));
    const s = new LocalDiskStorage(dir);
    const a = key(), b = key();
    await s.put(a, Buffer.from("a"));
    await s.put(b, Buffer.from("b"));
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path.join(dir, "stray.txt"), "x");
    const keys: string[] = [];
    for await (const k of s.keys()) keys.push(k);
    expect(keys.sort()).toEqual([a, b].sort());
    const none: string[] = [];
    for await (const k of new LocalDiskStorage(path.join(dir, "missing")).keys()) none.push(k);
    expect(none).toEqual([]);
  });
});
