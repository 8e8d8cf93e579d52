import OpenAI, { APIConnectionError, APIError } from "openai";
import { UpstreamError } from "../errors";
import { classifyNetworkError, defaultPort, DEFAULT_TIMEOUT_MS, parseJson, retryAfterFromHeaders, statusError } from "../http";
import { ZAiChatCompletion, ZAiModel, type TAiChatMessage, type TAiConfig, type TAiModel } from "./schemas";

/**
 * Any OpenAI-compatible endpoint through the `openai` SDK (`baseURL` from config, no SDK retries:
 * the job runtime retries). SDK errors become UpstreamError.
 */

export type TAiClient = ReturnType<typeof createAiClient>;

type TApiErrorBody = { message?: unknown; code?: unknown; type?: unknown };

export function createAiClient(config: TAiConfig, options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const openai = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl, timeout: timeoutMs, maxRetries: 0 });
  const base = new URL(config.baseUrl);

  const toUpstream = (error: unknown): UpstreamError => {
    if (error instanceof UpstreamError) return error;
    if (error instanceof APIError && !(error instanceof APIConnectionError) && typeof error.status === "number") {
      const body = (error.error ?? {}) as TApiErrorBody;
      const code = typeof body.code === "string" ? body.code : undefined;
      const message = typeof body.message === "string" ? body.message : undefined;
      return statusError({
        provider: "ai",
        status: error.status,
        description: {
          // The provider's message may quote a masked key: keep only the code for auth failures.
          detail: error.status === 401 ? code : [code, message].filter(Boolean).join(": ") || undefined,
          retryAfterMs: error.headers ? retryAfterFromHeaders(error.headers) : undefined,
        },
        messages: { auth: "Неверный API-ключ ИИ-провайдера" },
        secrets: [config.apiKey],
      });
    }
    return classifyNetworkError(error, { provider: "ai", host: base.hostname, port: defaultPort(base), timeoutMs });
  };

  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw toUpstream(error);
    }
  };

  return {
    /** The SDK instance, for later use cases (structured outputs, streaming); wrap calls in `call`. */
    openai,
    call,
    async listModels(): Promise<TAiModel[]> {
      return call(async () => {
        const models: TAiModel[] = [];
        for await (const model of openai.models.list()) {
          models.push(parseJson(ZAiModel, JSON.stringify(model), { provider: "ai" }));
        }
        return models;
      });
    },
    async chat(messages: TAiChatMessage[], params: { model?: string; temperature?: number } = {}) {
      const completion = await call(() =>
        openai.chat.completions.create({
          model: params.model ?? config.model,
          messages,
          temperature: params.temperature,
        }),
      );
      return parseJson(ZAiChatCompletion, JSON.stringify(completion), { provider: "ai" });
    },
    /**
     * Structured output: asks for JSON matching `schema` (response_format json_schema, strict) and returns the
     * raw content and token usage; the caller validates the JSON (with zod) and decides about retries.
     */
    async structured(
      messages: TAiChatMessage[],
      format: { name: string; schema: Record<string, unknown> },
      params: { model?: string; temperature?: number } = {},
    ): Promise<{ content: string; model: string; usage: { promptTokens: number; completionTokens: number; totalTokens: number } }> {
      const completion = await call(() =>
        openai.chat.completions.create({
          model: params.model ?? config.model,
          messages,
          temperature: params.temperature ?? 0,
          response_format: { type: "json_schema", json_schema: { name: format.name, strict: true, schema: format.schema } },
        }),
      );
      const parsed = parseJson(ZAiChatCompletion, JSON.stringify(completion), { provider: "ai" });
      return {
        content: parsed.choices[0].message.content ?? "",
        model: parsed.model,
        usage: {
          promptTokens: parsed.usage?.prompt_tokens ?? 0,
          completionTokens: parsed.usage?.completion_tokens ?? 0,
          totalTokens: parsed.usage?.total_tokens ?? 0,
        },
      };
    },
  };
}
