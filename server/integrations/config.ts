import { z } from "zod";
import { UpstreamError, upstreamProviderTitles, type TUpstreamProvider } from "./errors";

/**
 * Zod building blocks for provider configs (settings + secrets merged), tolerant of what
 * settings forms send: empty strings fall back to defaults, numbers and booleans may be strings.
 */

const HTTP_URL = z.url({ protocol: /^https?$/, error: "Нужен адрес http(s)://…" });

/** An http(s) URL; empty or missing → the default. */
export function zUrlWithDefault(defaultUrl: string) {
  return z
    .union([z.literal(""), HTTP_URL])
    .optional()
    .transform((value) => value || defaultUrl);
}

/** A required http(s) URL. */
export function zUrl() {
  return HTTP_URL;
}

/** A required, trimmed, non-empty string (tokens pasted with spaces or newlines). */
export function zRequiredString() {
  return z.string().trim().min(1, "Обязательное поле");
}

/** A TCP port, given as a number or a numeric string; empty or missing → the default. */
export function zPort(defaultPort: number) {
  return z
    .union([z.literal(""), z.coerce.number().int().min(1).max(65_535)])
    .optional()
    .transform((value) => (value === "" || value === undefined ? defaultPort : value));
}

/** A boolean given as boolean or "true"/"false"/"on"/"off"/"1"/"0"; missing → the default. */
export function zBoolish(defaultValue: boolean) {
  return z
    .union([z.boolean(), z.stringbool()])
    .optional()
    .transform((value) => value ?? defaultValue);
}

/** A positive integer id given as a number or a numeric string. */
export function zPositiveInt() {
  return z.coerce.number().int().positive();
}

/** Parses a provider config; a mismatch is an `invalid_config` UpstreamError naming the fields (never values). */
export function parseConfig<S extends z.ZodType>(provider: TUpstreamProvider, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((i) => (i.path.length ? i.path.join(".") : "config")))];
  throw new UpstreamError({
    provider,
    kind: "invalid_config",
    userMessage: `Некорректные настройки (${upstreamProviderTitles[provider]}): проверьте ${fields.join(", ")}`,
  });
}
