/**
 * Every prompt of the procurement module, in one place. Bump PROMPT_VERSION whenever a prompt or a schema
 * changes: it is stored with each AI usage row, so answers can be traced back to the prompt that produced them.
 */
import { z } from "zod";

export const PROMPT_VERSION = "procurement-2026-11-23.1";

// ── Client request → order items ─────────────────────────────────────────────────────────────────────────

export const ZRequestParse = z.strictObject({
  clientName: z.string().nullable(),
  clientCompany: z.string().nullable(),
  clientPhone: z.string().nullable(),
  /** false when the model is unsure the email is a request or could not read the items. */
  confident: z.boolean(),
  items: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        brand: z.string().nullable(),
        article: z.string().nullable(),
        quantity: z.number().positive(),
        unit: z.string().min(1),
        notes: z.string().nullable(),
      }),
    )
    .max(200),
});
export type TRequestParse = z.infer<typeof ZRequestParse>;

export const REQUEST_SCHEMA_NAME = "procurement_request";

export const REQUEST_SYSTEM_PROMPT = [
  "Ты — помощник отдела снабжения. Тебе присылают письмо клиента (тема, отправитель, текст, текстовые вложения).",
  "Извлеки из него список запрашиваемых позиций: наименование, бренд (производитель), артикул / каталожный номер,",
  "количество (число), единицу измерения (шт, м, кг, л, компл, уп…; по умолчанию «шт») и примечания.",
  "Не придумывай позиций, которых нет в письме. Пересланные письма разбирай так же.",
  "Также укажи имя контактного лица, компанию клиента и телефон, если они есть в подписи.",
  "Если письмо не похоже на заявку или позиции прочитать не удаётся, верни confident=false.",
  "Ответ — строго JSON по заданной схеме.",
].join("\n");

export function requestUserPrompt(mail: { from: string; subject: string; text: string; attachments: string[] }): string {
  return [
    `Отправитель: ${mail.from}`,
    `Тема: ${mail.subject}`,
    "Текст письма:",
    mail.text.slice(0, 20_000),
    ...mail.attachments.map((a, i) => `\nВложение ${i + 1}:\n${a.slice(0, 10_000)}`),
  ].join("\n");
}

// ── Supplier reply → quote ───────────────────────────────────────────────────────────────────────────────

export const ZQuoteParse = z.strictObject({
  currency: z.string().min(3).max(3),
  validUntil: z.string().nullable(),
  terms: z.string().nullable(),
  confident: z.boolean(),
  items: z
    .array(
      z.strictObject({
        /** 1-based number of the requested position this price answers; null when it matches none. */
        position: z.number().int().positive().nullable(),
        name: z.string().min(1),
        price: z.number().nonnegative().nullable(),
        vatIncluded: z.boolean().nullable(),
        leadTimeDays: z.number().int().nonnegative().nullable(),
        availability: z.string().nullable(),
        notes: z.string().nullable(),
      }),
    )
    .max(200),
});
export type TQuoteParse = z.infer<typeof ZQuoteParse>;

export const QUOTE_SCHEMA_NAME = "supplier_quote";

export const QUOTE_SYSTEM_PROMPT = [
  "Ты — помощник отдела снабжения. Поставщик ответил на наш запрос цены.",
  "Тебе дан список запрошенных позиций (с номерами) и текст ответа поставщика.",
  "Для каждой позиции, на которую поставщик дал ответ, укажи: номер позиции из списка (position),",
  "цену за единицу (price, число; null если цены нет), включён ли НДС (vatIncluded), срок поставки в днях",
  "(leadTimeDays; «в наличии» = 0), наличие (availability), примечания. Валюта — код ISO (RUB, USD, EUR, CNY).",
  "Укажи срок действия цен (validUntil) и условия оплаты/поставки (terms), если они есть.",
  "Если ответ непонятен, верни confident=false. Ответ — строго JSON по заданной схеме.",
].join("\n");

export function quoteUserPrompt(input: {
  supplier: string;
  subject: string;
  text: string;
  items: { position: number; name: string; brand: string | null; article: string | null; quantity: string; unit: string }[];
}): string {
  return [
    `Поставщик: ${input.supplier}`,
    "Запрошенные позиции:",
    ...input.items.map((i) => `${i.position}. ${[i.name, i.brand, i.article].filter(Boolean).join(" / ")} — ${i.quantity} ${i.unit}`),
    `Тема ответа: ${input.subject}`,
    "Текст ответа:",
    input.text.slice(0, 20_000),
  ].join("\n");
}

/** The JSON schema sent as response_format (OpenAI strict structured outputs). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: "draft-7", io: "output" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
