import { describe, expect, it } from "vitest";
import { amzDate, canonicalQuery, EMPTY_SHA256, signRequest, uriEncode } from "./sigv4";

describe("SigV4", () => {
  it("matches AWS's documented example (GET Object with a Range header)", () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html — "Example: GET Object"
    const r = signRequest({
      method: "GET", path: "/test.txt", payloadHash: EMPTY_SHA256, region: "us-east-1",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      headers: { host: "examplebucket.s3.amazonaws.com", range: "bytes=0-9", "x-amz-content-sha256": EMPTY_SHA256, "x-amz-date": "20130524T000000Z" },
    });
    expect(r.signature).toBe("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    expect(r.authorization).toBe("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  });

  it("encodes like S3 expects and sorts the query", () => {
    expect(uriEncode("a b/ж*~.txt", false)).toBe("a%20b/%D0%B6%2A~.txt");
    expect(uriEncode("a/b")).toBe("a%2Fb");
    expect(canonicalQuery({ prefix: "x/y", "list-type": "2", "continuation-token": "a+b=" })).toBe("continuation-token=a%2Bb%3D&list-type=2&prefix=x%2Fy");
    expect(amzDate(new Date("2013-05-24T00:00:00.123Z"))).toBe("20130524T000000Z");
  });
});
