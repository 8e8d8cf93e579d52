import type { z } from "zod";
import { getIntegrationConfig } from "../../connections/get-integration-config";
import { withTenant } from "../../db";
import { AppError } from "../../errors";
import { createAiClient } from "../../integrations/ai/client";
import type { TAiConfig } from "../../integrations/ai/schemas";
import { UpstreamError } from "../../integrations/errors";
import { logger } from "../../logger";
import { jsonSchemaOf, PROMPT_VERSION } from "./prompts";

/**
 * One structured AI call with up to 3 attempts: the answer must be JSON valid against `schema` (zod).
 * Every attempt's token usage is recorded in ProcAiUsage. Never throws: the caller gets
 * `disabled` (no AI integration), `failed` (error or invalid answers after all attempts) or `ok`.
 */

export const AI_ATTEMPTS = 3;

export type TAiOutcome<T> =
  | { status: "ok"; data: T }
  | { status: "disabled"; error: string }
  | { status: "failed"; error: string };

export async function runStructuredAi<S extends z.ZodType>(opts: {
  companyId: string;
  purpose: string;
  schemaName: string;
  schema: S;
  system: string;
  user: string;
  timeoutMs?: number;
  backoffMs?: number;
}): Promise<TAiOutcome<z.output<S>>> {
  let config: TAiConfig;
  try {
    config = await getIntegrationConfig<TAiConfig>(opts.companyId, "ai");
  } catch (error) {
    if (error instanceof AppError) return { status: "disabled", error: error.userMessage };
    throw error;
  }
  const client = createAiClient(config, { timeoutMs: opts.timeoutMs ?? 60_000 });
  const format = { name: opts.schemaName, schema: jsonSchemaOf(opts.schema) };
  let lastError = "";
  for (let attempt = 1; attempt <= AI_ATTEMPTS; attempt++) {
    let usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    let model = config.model;
    let error: string | null = null;
    let result: z.output<S> | undefined;
    let permanent = false;
    try {
      const answer = await client.structured(
        [
          { role: "system", content: opts.system },
          { role: "user", content: opts.user },
        ],
        format,
      );
      usage = answer.usage;
      model = answer.model;
      let json: unknown;
      try {
        json = JSON.parse(answer.content);
      } catch {
        throw new Error("ответ ИИ — не JSON");
      }
      const parsed = opts.schema.safeParse(json);
      if (!parsed.success) throw new Error(`ответ ИИ не соответствует схеме: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      result = parsed.data;
    } catch (e) {
      error = e instanceof UpstreamError ? e.userMessage : e instanceof Error ? e.message : String(e);
      permanent = e instanceof UpstreamError && !e.retryable;
    }
    await withTenant(opts.companyId, (tx) =>
      tx.procAiUsage.create({
        data: {
          companyId: opts.companyId,
          purpose: opts.purpose,
          promptVersion: PROMPT_VERSION,
          model,
          ...usage,
          ok: error === null,
          error: error?.slice(0, 1000) ?? null,
        },
      }),
    );
    if (error === null) return { status: "ok", data: result as z.output<S> };
    lastError = error;
    logger.warn({ companyId: opts.companyId, purpose: opts.purpose, attempt, error }, "AI attempt failed");
    if (permanent) break;
    if (attempt < AI_ATTEMPTS) await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 300) * attempt));
  }
  return { status: "failed", error: lastError };
}
