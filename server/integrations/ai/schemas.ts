import { z } from "zod";
import { zRequiredString, zUrlWithDefault } from "../config";

/** OpenAI-compatible API payloads (OpenAI, OpenRouter, YandexGPT/GigaChat gateways, local servers). */

export const AI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

export const ZAiConfig = z.object({
  baseUrl: zUrlWithDefault(AI_DEFAULT_BASE_URL),
  model: zRequiredString(),
  apiKey: zRequiredString(),
});
export type TAiConfig = z.output<typeof ZAiConfig>;
export type TAiConfigInput = z.input<typeof ZAiConfig>;

export const aiSecretFields = ["apiKey"] as const;

export const ZAiModel = z
  .object({ id: z.string(), object: z.string().optional(), created: z.number().optional(), owned_by: z.string().optional() })
  .loose();
export type TAiModel = z.infer<typeof ZAiModel>;

export const ZAiChatCompletion = z
  .object({
    id: z.string(),
    model: z.string(),
    choices: z
      .array(
        z
          .object({
            index: z.number(),
            message: z.object({ role: z.string(), content: z.string().nullable() }).loose(),
            finish_reason: z.string().nullable(),
          })
          .loose(),
      )
      .min(1),
    usage: z
      .object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() })
      .loose()
      .optional(),
  })
  .loose();
export type TAiChatCompletion = z.infer<typeof ZAiChatCompletion>;

export type TAiChatMessage = { role: "system" | "user" | "assistant"; content: string };
