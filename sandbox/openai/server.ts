import { bearerToken, sendJson } from "../lib/http";
import type { TRequestContext } from "../lib/router";
import { defineSimulator } from "../lib/simulator";

/**
 * OpenAI-compatible API simulator (https://platform.openai.com/docs/api-reference).
 * - `GET /v1/models`, `GET /v1/models/{id}`, `POST /v1/chat/completions` with `Authorization: Bearer <key>`;
 * - errors: `{"error":{"message","type","param","code"}}` (401 invalid_api_key, 404 model_not_found, 400 invalid_request_error);
 * - chat completions are deterministic: the first `replies` rule whose `match` occurs in the last user
 *   message (and whose `schema`, when given, equals the requested `response_format.json_schema.name`) wins,
 *   otherwise the answer echoes the last user message. Structured-output requests are answered the same way:
 *   the rule's reply is the JSON text.
 */

export type TOpenaiSimModel = { id: string; created: number; ownedBy: string };

export type TOpenaiSimState = {
  apiKeys: string[];
  models: TOpenaiSimModel[];
  replies: Array<{ match: string; reply: string; schema?: string }>;
  completionCount: number;
};

export const openaiDemo = {
  apiKey: "sk-pult-sandbox-0123456789abcdefABCDEF",
  model: "gpt-4o-mini",
};

export function createOpenaiState(): TOpenaiSimState {
  return {
    apiKeys: [openaiDemo.apiKey],
    models: [
      { id: "gpt-4o-mini", created: 1721172741, ownedBy: "system" },
      { id: "gpt-4.1-mini", created: 1744318173, ownedBy: "system" },
      { id: "yandexgpt-lite", created: 1730000000, ownedBy: "yandex" },
    ],
    replies: [],
    completionCount: 0,
  };
}

type TCtx = Omit<TRequestContext, "params">;

function apiError(
  ctx: TCtx,
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
): void {
  sendJson(ctx.res, status, { error: { message, type, param, code } });
}

function maskKey(key: string): string {
  return key.length <= 8 ? "****" : `${key.slice(0, 3)}****${key.slice(-4)}`;
}

function modelObject(model: TOpenaiSimModel) {
  return { id: model.id, object: "model", created: model.created, owned_by: model.ownedBy };
}

type TChatMessage = { role?: unknown; content?: unknown };

function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === "object" && "text" in part ? String(part.text) : ""))
      .join("");
  }
  return "";
}

function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export const openaiSimulator = defineSimulator<TOpenaiSimState>({
  name: "openai",
  createState: createOpenaiState,
  routes(router, sim) {
    const authorize = (ctx: TCtx): boolean => {
      const key = bearerToken(ctx.header("authorization"));
      if (!key) {
        apiError(
          ctx,
          401,
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          "invalid_request_error",
          null,
        );
        return false;
      }
      if (!sim.state.apiKeys.includes(key)) {
        apiError(
          ctx,
          401,
          `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          "invalid_request_error",
          "invalid_api_key",
        );
        return false;
      }
      return true;
    };

    router.get("/v1/models", (ctx) => {
      if (!authorize(ctx)) return;
      sendJson(ctx.res, 200, { object: "list", data: sim.state.models.map(modelObject) });
    });

    router.get("/v1/models/:model", (ctx) => {
      if (!authorize(ctx)) return;
      const model = sim.state.models.find((m) => m.id === ctx.params.model);
      if (!model) {
        return apiError(
          ctx,
          404,
          `The model '${ctx.params.model}' does not exist`,
          "invalid_request_error",
          "model_not_found",
          "model",
        );
      }
      sendJson(ctx.res, 200, modelObject(model));
    });

    router.post("/v1/chat/completions", (ctx) => {
      if (!authorize(ctx)) return;
      let body: { model?: unknown; messages?: unknown; response_format?: unknown } | undefined;
      try {
        body = ctx.json();
      } catch {
        return apiError(ctx, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
      }
      if (!body || typeof body.model !== "string") {
        return apiError(ctx, 400, "you must provide a model parameter", "invalid_request_error", null, "model");
      }
      if (!sim.state.models.some((m) => m.id === body.model)) {
        return apiError(
          ctx,
          404,
          `The model \`${body.model}\` does not exist or you do not have access to it.`,
          "invalid_request_error",
          "model_not_found",
        );
      }
      if (!Array.isArray(body.messages) || body.messages.length === 0) {
        return apiError(
          ctx,
          400,
          "Invalid 'messages': empty array. Expected an array with minimum length 1.",
          "invalid_request_error",
          "empty_array",
          "messages",
        );
      }
      const messages = body.messages as TChatMessage[];
      const lastUser = [...messages].reverse().find((m) => m.role === "user");
      const question = messageText(lastUser?.content);
      const format = body.response_format as { type?: unknown; json_schema?: { name?: unknown } } | undefined;
      const schemaName = format?.type === "json_schema" && typeof format.json_schema?.name === "string" ? format.json_schema.name : null;
      const rule = sim.state.replies.find((r) => question.includes(r.match) && (!r.schema || r.schema === schemaName));
      const content = rule ? rule.reply : `Ответ песочницы: ${question}`;
      const promptTokens = messages.reduce((sum, m) => sum + countTokens(messageText(m.content)), 0);
      const completionTokens = countTokens(content);
      sim.state.completionCount += 1;
      sendJson(ctx.res, 200, {
        id: `chatcmpl-sandbox-${sim.state.completionCount}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content, refusal: null },
            logprobs: null,
            finish_reason: "stop",
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
        system_fingerprint: "fp_sandbox",
      });
    });
  },
  notFound(ctx) {
    apiError(ctx, 404, `Invalid URL (${ctx.method} ${ctx.path})`, "invalid_request_error", null);
  },
  onError(ctx, error) {
    apiError(ctx, 500, error instanceof Error ? error.message : "The server had an error", "server_error", null);
  },
});
