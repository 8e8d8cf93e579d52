import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { assertStorageKey, isStorageKey, type TFileStorage } from "./file-storage";

/** Files on the local disk under one root directory; writes are atomic (temp file + rename). */
export class LocalDiskStorage implements TFileStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertStorageKey(key);
    const p = path.resolve(this.root, key);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error("Storage key escapes the root");
    return p;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const p = this.pathOf(key);
    await mkdir(path.dirname(p), { recursive: true, mode: 0o750 });
    const tmp = `${p}.${randomUUID()}.tmp`;
    await writeFile(tmp, data, { mode: 0o640 });
    await rename(tmp, p);
  }

  async get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try { await stat(this.pathOf(key)); return true; } catch { return false; }
  }

  async *keys(): AsyncIterable<string> {
    let entries;
    try { entries = await readdir(this.root, { recursive: true, withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (!e.isFile()) continue;
      const key = path.relative(this.root, path.join(e.parentPath, e.name)).split(path.sep).join("/");
      if (isStorageKey(key)) yield key;
    }
  }
}
