import { S3Client, type TS3Config } from "../integrations/s3/client";
import { isUpstreamError } from "../integrations/errors";
import { assertStorageKey, isStorageKey, type TFileStorage } from "./file-storage";

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
    await this.client.putObject(this.objectKey(key), data);
  }

  async get(key: string): Promise<Buffer> {
    return this.client.getObject(this.objectKey(key));
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.deleteObject(this.objectKey(key));
    } catch (err) {
      if (!(isUpstreamError(err) && err.kind === "not_found")) throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.client.headObject(this.objectKey(key))) !== null;
  }

  async *keys(): AsyncIterable<string> {
    for await (const o of this.client.listAll(this.prefix || undefined)) {
      const key = o.key.slice(this.prefix.length);
      if (isStorageKey(key)) yield key;
    }
  }
}
