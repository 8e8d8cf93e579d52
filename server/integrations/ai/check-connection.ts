import { parseConfig } from "../config";
import { UpstreamError, type TConnectionCheck } from "../errors";
import { createAiClient } from "./client";
import { ZAiConfig, type TAiConfigInput } from "./schemas";

/** Checks the key against `/models` and that the configured model is offered there. */
export async function checkAiConnection(
  input: TAiConfigInput,
  options: { timeoutMs?: number } = {},
): Promise<TConnectionCheck> {
  const config = parseConfig("ai", ZAiConfig, input);
  const models = await createAiClient(config, options).listModels();
  const ids = models.map((m) => m.id);
  if (!ids.includes(config.model)) {
    const offered = ids.slice(0, 10).join(", ") + (ids.length > 10 ? ", …" : "");
    throw new UpstreamError({
      provider: "ai",
      kind: "not_found",
      userMessage: `Модель ${config.model} не найдена у провайдера` + (ids.length ? `. Доступны: ${offered}` : ""),
    });
  }
  return {
    ok: true,
    summary: `Модель ${config.model} доступна (моделей у провайдера: ${ids.length})`,
    details: { model: config.model, modelCount: ids.length },
  };
}
