import { expect } from "vitest";
import { UpstreamError, type TUpstreamErrorKind, type TUpstreamProvider } from "./errors";

/** Test helper: awaits a rejection and checks it is a well-formed UpstreamError that leaks no secret. */
export async function expectUpstreamError(
  promise: Promise<unknown>,
  expected: {
    provider: TUpstreamProvider;
    kind: TUpstreamErrorKind;
    status?: number;
    retryable?: boolean;
    /** Values that must not appear in message, userMessage, detail or the JSON form. */
    secrets?: readonly string[];
    messageIncludes?: string | RegExp;
  },
): Promise<UpstreamError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected an UpstreamError of kind ${expected.kind}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  const upstream = error as UpstreamError;
  expect({ provider: upstream.provider, kind: upstream.kind }).toEqual({
    provider: expected.provider,
    kind: expected.kind,
  });
  if (expected.status !== undefined) expect(upstream.status).toBe(expected.status);
  if (expected.retryable !== undefined) expect(upstream.retryable).toBe(expected.retryable);
  expect(upstream.userMessage).toMatch(/[А-Яа-яЁё]/);
  if (expected.messageIncludes !== undefined) {
    if (typeof expected.messageIncludes === "string") expect(upstream.userMessage).toContain(expected.messageIncludes);
    else expect(upstream.userMessage).toMatch(expected.messageIncludes);
  }
  const surfaces = [upstream.message, upstream.userMessage, upstream.detail ?? "", JSON.stringify(upstream), String(upstream.stack)];
  for (const secret of expected.secrets ?? []) {
    for (const surface of surfaces) expect(surface).not.toContain(secret);
  }
  return upstream;
}
