import { S3Client, type TS3Config } from "../integrations/s3/client";
import { isUpstreamError } from "../integrations/errors";
import { AppError } from "../errors";
import { logger } from "../logger";
import { assertStorageKey, isStorageKey, type TFileStorage } from "./file-storage";

/** Store failures as the app's errors: a clear Russian message for the user, the (redacted) detail in the log. */
async function asAppError<T>(op: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!isUpstreamError(err)) throw err;
    logger.warn({ op, kind: err.kind, status: err.status, detail: err.detail }, "S3 document store request failed");
    if (err.kind === "not_found") throw new AppError("NOT_FOUND", "Файл не найден в хранилище документов");
    throw new AppError("UPSTREAM", `Хранилище документов: ${err.userMessage}`);
  }
}

/** The document store in an S3-compatible bucket (optionally under a key prefix); keys are the server-generated ones. */
export class S3Storage implements TFileStorage {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(config: TS3Config & { prefix?: string }) {
    this.client = new S3Client(config);
    this.prefix = config.prefix ? `${config.prefix.replace(/^\/+|\/+$/g, "")}/` : "";
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return `${this.prefix}${key}`;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const k = this.objectKey(key);
    await asAppError("put", () => this.client.putObject(k, data));
  }

  async get(key: string): Promise<Buffer> {
    const k = this.objectKey(key);
    return asAppError("get", () => this.client.getObject(k));
  }

  async delete(key: string): Promise<void> {
    const k = this.objectKey(key);
    await asAppError("delete", async () => {
      try {
        await this.client.deleteObject(k);
      } catch (err) {
        if (!(isUpstreamError(err) && err.kind === "not_found")) throw err;
      }
    });
  }

  async exists(key: string): Promise<boolean> {
    const k = this.objectKey(key);
    return (await asAppError("head", () => this.client.headObject(k))) !== null;
  }

  async *keys(): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await asAppError("list", () => this.client.listObjectsV2({ prefix: this.prefix || undefined, continuationToken: token }));
      for (const o of page.objects) {
        const key = o.key.slice(this.prefix.length);
        if (isStorageKey(key)) yield key;
      }
      token = page.nextContinuationToken;
    } while (token);
  }
}
