/** The S3 client over a real connection to the simulator (sandbox/s3), which verifies every signature. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3Demo, s3Simulator } from "../../../sandbox/s3/server";
import { isUpstreamError, type UpstreamError } from "../errors";
import { S3Client } from "./client";
import { amzDate, EMPTY_SHA256, sha256Hex, signRequest } from "./sigv4";

let sim: Awaited<ReturnType<typeof s3Simulator.start>>;
let client: S3Client;
const config = () => ({ endpoint: sim.url, region: s3Demo.region, bucket: s3Demo.bucket, accessKeyId: s3Demo.accessKeyId, secretAccessKey: s3Demo.secretAccessKey });

beforeAll(async () => {
  sim = await s3Simulator.start({ seed: { maxKeysLimit: 2 } });
  client = new S3Client(config());
});
afterAll(() => sim?.stop());

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!isUpstreamError(err)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}

describe("S3Client against the simulator", () => {
  it("puts, heads, gets, lists (paged) and deletes objects, binary-safe, with unusual key characters", async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0x80]);
    await client.putObject("docs/a b+ж.bin", bytes, "application/pdf");
    await client.putObject("docs/b.txt", Buffer.from("второй"));
    await client.putObject("docs/c.txt", Buffer.from("третий"));
    await client.putObject("other/d.txt", Buffer.from("чужой префикс"));
    expect(await client.getObject("docs/a b+ж.bin")).toEqual(bytes);
    expect(await client.headObject("docs/b.txt")).toMatchObject({ size: Buffer.byteLength("второй") });
    expect(await client.headObject("docs/nope")).toBeNull();
    const first = await client.listObjectsV2({ prefix: "docs/" });
    expect(first.objects.map((o) => o.key)).toEqual(["docs/a b+ж.bin", "docs/b.txt"]);
    expect(first.nextContinuationToken).toBeTruthy();
    const all = [];
    for await (const o of client.listAll("docs/")) all.push(o.key);
    expect(all).toEqual(["docs/a b+ж.bin", "docs/b.txt", "docs/c.txt"]);
    await client.deleteObject("docs/b.txt");
    expect(await client.headObject("docs/b.txt")).toBeNull();
    expect((await failure(client.getObject("docs/b.txt"))).kind).toBe("not_found");
  });

  it("a wrong secret is refused with 403 SignatureDoesNotMatch; the secret never shows in the error", async () => {
    const bad = new S3Client({ ...config(), secretAccessKey: "wrong-secret-value-123" });
    const err = await failure(bad.putObject("docs/x", Buffer.from("x")));
    expect([err.status, err.kind]).toEqual([403, "auth"]);
    expect(err.detail).toContain("SignatureDoesNotMatch");
    expect(err.userMessage).toBe("S3-хранилище отклонило ключи доступа: проверьте ключ и секрет");
    expect(JSON.stringify(err)).not.toContain("wrong-secret-value-123");
    expect(await client.headObject("docs/x")).toBeNull();
  });

  it("an unknown access key is refused with InvalidAccessKeyId; a missing bucket is NoSuchBucket", async () => {
    const err = await failure(new S3Client({ ...config(), accessKeyId: "NOPE" }).getObject("docs/c.txt"));
    expect([err.status, err.kind]).toEqual([403, "auth"]);
    expect(err.detail).toContain("InvalidAccessKeyId");
    const nb = await failure(new S3Client({ ...config(), bucket: "no-such-bucket" }).getObject("docs/c.txt"));
    expect(nb.userMessage).toBe("Бакет S3-хранилища не найден");
  });

  it("the simulator answers tampered, unsigned, stale and body-mismatched requests with S3 XML errors", async () => {
    const url = new URL(`${sim.url}/${s3Demo.bucket}/docs/c.txt`);
    const sign = (headers: Record<string, string>, method = "GET", path = url.pathname) => signRequest({
      method, path, headers, payloadHash: headers["x-amz-content-sha256"]!, region: s3Demo.region, accessKeyId: s3Demo.accessKeyId, secretAccessKey: s3Demo.secretAccessKey,
    }).authorization;
    const base = { host: url.host, "x-amz-date": amzDate(new Date()), "x-amz-content-sha256": EMPTY_SHA256 };
    const send = (headers: Record<string, string>, init: { method?: string; body?: string; path?: string } = {}) => {
      const { host: _h, ...rest } = headers;
      return fetch(`${sim.url}${init.path ?? url.pathname}`, { method: init.method ?? "GET", headers: rest, body: init.body });
    };
    // Valid.
    expect((await send({ ...base, authorization: sign(base) })).status).toBe(200);
    // Signed for another key: the path is part of the signature.
    const tampered = await send({ ...base, authorization: sign(base, "GET", `/${s3Demo.bucket}/docs/a.txt`) });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toMatch(/<Error><Code>SignatureDoesNotMatch<\/Code>/);
    // Not signed at all.
    const unsigned = await send(base);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain("<Code>AccessDenied</Code>");
    // Signed an hour ago.
    const old = { ...base, "x-amz-date": amzDate(new Date(Date.now() - 3_600_000)) };
    const stale = await send({ ...old, authorization: sign(old) });
    expect([stale.status, (await stale.text()).includes("RequestTimeTooSkewed")]).toEqual([403, true]);
    // The body is not the one whose hash was signed.
    const put = { ...base, "x-amz-content-sha256": sha256Hex("signed body") };
    const mismatch = await send({ ...put, authorization: sign(put, "PUT") }, { method: "PUT", body: "other body" });
    expect([mismatch.status, (await mismatch.text()).includes("XAmzContentSHA256Mismatch")]).toEqual([400, true]);
    expect(await client.getObject("docs/c.txt")).toEqual(Buffer.from("третий"));
  });

  it("an unreachable endpoint and a bad endpoint are clear errors", async () => {
    const err = await failure(new S3Client({ ...config(), endpoint: "http://127.0.0.1:1" }).getObject("x"));
    expect(err.kind).toBe("unreachable");
    expect(() => new S3Client({ ...config(), endpoint: "не адрес" })).toThrow("Адрес S3-хранилища указан неверно");
  });
});
