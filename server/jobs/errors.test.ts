import { describe, expect, it } from "vitest";
import { NonRetriableError } from "inngest";
import { AppError } from "../errors";
import { backoffMs, describeJobError, errorKindOf, isPermanentError, retryAfterMsOf } from "./errors";

class UpstreamError extends Error {
  constructor(readonly kind: string, message: string) {
    super(message);
    this.name = "UpstreamError";
  }
}

describe("isPermanentError", () => {
  it("classifies permanent failures", () => {
    expect(isPermanentError(Object.assign(new Error("x"), { retryable: false }))).toBe(true);
    expect(isPermanentError(new AppError("BAD_REQUEST", "Неверные данные"))).toBe(true);
    expect(isPermanentError(new AppError("PRECONDITION_FAILED", "Нет подключения"))).toBe(true);
    expect(isPermanentError(new UpstreamError("auth", "401"))).toBe(true);
    expect(isPermanentError(new UpstreamError("forbidden", "403"))).toBe(true);
    expect(isPermanentError(new UpstreamError("invalid_config", "bad url"))).toBe(true);
    expect(isPermanentError(new NonRetriableError("stop"))).toBe(true);
  });

  it("treats everything else as temporary", () => {
    expect(isPermanentError(new Error("ECONNRESET"))).toBe(false);
    expect(isPermanentError(new AppError("UPSTREAM", "МойСклад недоступен"))).toBe(false);
    expect(isPermanentError(new UpstreamError("rate_limited", "429"))).toBe(false);
    expect(isPermanentError(Object.assign(new AppError("BAD_REQUEST", "x"), { retryable: true }))).toBe(false);
    expect(isPermanentError("string")).toBe(false);
    expect(isPermanentError(null)).toBe(false);
  });
});

describe("describeJobError / errorKindOf / retryAfterMsOf / backoffMs", () => {
  it("prefers the Russian user message", () => {
    expect(describeJobError(new AppError("PRECONDITION_FAILED", "Нет подключения к Google"))).toBe("Нет подключения к Google");
    expect(describeJobError(new Error("boom"))).toBe("Внутренняя ошибка: boom");
    expect(errorKindOf(new AppError("BAD_REQUEST", "x"))).toBe("BAD_REQUEST");
    expect(errorKindOf(new UpstreamError("auth", "x"))).toBe("upstream:auth");
  });

  it("reads Retry-After hints and grows the backoff exponentially", () => {
    expect(retryAfterMsOf(Object.assign(new Error("429"), { retryAfterMs: 3000 }))).toBe(3000);
    expect(retryAfterMsOf(new Error("x"))).toBeNull();
    for (const [attempt, base] of [[1, 1000], [2, 2000], [3, 4000]] as const) {
      const ms = backoffMs(attempt, 1000);
      expect(ms).toBeGreaterThanOrEqual(base * 0.8);
      expect(ms).toBeLessThanOrEqual(base * 1.2);
    }
    expect(backoffMs(30, 1000, 60_000)).toBeLessThanOrEqual(72_000);
  });
});
