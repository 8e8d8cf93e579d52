/**
 * The integrations a company can configure: form fields for the settings page, which fields are secret
 * (write-only), the configuration schema (from each client's schemas.ts) and the connection check
 * (through the real client).
 */
import type { z } from "zod";
import type { IntegrationKind } from "../generated/prisma/enums";
import { ZMoyskladConfig } from "../integrations/moysklad/schemas";
import { checkMoyskladConnection } from "../integrations/moysklad/check-connection";
import { ZGoogleSheetsConfig } from "../integrations/google-sheets/schemas";
import { checkGoogleSheetsConnection } from "../integrations/google-sheets/check-connection";
import { ZTelegramConfig } from "../integrations/telegram/schemas";
import { checkTelegramConnection } from "../integrations/telegram/check-connection";
import { ZMailConfig } from "../integrations/mail/schemas";
import { checkMailConnection } from "../integrations/mail/check-connection";
import { ZAiConfig } from "../integrations/ai/schemas";
import { checkAiConnection } from "../integrations/ai/check-connection";
import { ZAmocrmConfig } from "../integrations/amocrm/schemas";
import { checkAmocrmConnection } from "../integrations/amocrm/check-connection";
import { ZRadistConfig } from "../integrations/radist/schemas";
import { checkRadistConnection } from "../integrations/radist/check-connection";
import { ZBitrix24Config } from "../integrations/bitrix24/schemas";
import { checkBitrix24Connection } from "../integrations/bitrix24/check-connection";
import { ZOnecConfig } from "../integrations/onec/schemas";
import { checkOnecConnection } from "../integrations/onec/check-connection";
import type { TConnectionCheck } from "../integrations/errors";

export type TIntegrationKind = `${IntegrationKind}`;

export type TField = {
  name: string;
  label: string;
  type: "text" | "url" | "number" | "password" | "textarea" | "checkbox" | "email";
  placeholder?: string;
  hint?: string;
  secret?: boolean;
};

export type TProvider = {
  kind: TIntegrationKind;
  title: string;
  description: string;
  fields: TField[];
  secretFields: string[];
  configSchema: z.ZodType;
  check: (config: never) => Promise<TConnectionCheck>;
};

function provider(p: Omit<TProvider, "secretFields">): TProvider {
  return { ...p, secretFields: p.fields.filter((f) => f.secret).map((f) => f.name) };
}

export const PROVIDERS: readonly TProvider[] = [
  provider({
    kind: "moysklad", title: "МойСклад", description: "JSON API 1.2: документы, справочники, вебхуки",
    configSchema: ZMoyskladConfig, check: checkMoyskladConnection,
    fields: [
      { name: "baseUrl", label: "Адрес API", type: "url", placeholder: "https://api.moysklad.ru/api/remap/1.2" },
      { name: "token", label: "Токен доступа", type: "password", secret: true, hint: "МойСклад → Настройки → Токены" },
    ],
  }),
  provider({
    kind: "google_sheets", title: "Google Таблицы", description: "Sheets API v4 через сервисный аккаунт",
    configSchema: ZGoogleSheetsConfig, check: checkGoogleSheetsConnection,
    fields: [
      { name: "rootUrl", label: "Адрес API", type: "url", placeholder: "https://sheets.googleapis.com/" },
      { name: "spreadsheetId", label: "Таблица для проверки (ID или ссылка)", type: "text", hint: "Откройте доступ к таблице для email сервисного аккаунта" },
      { name: "serviceAccountJson", label: "Ключ сервисного аккаунта (JSON)", type: "textarea", secret: true },
    ],
  }),
  provider({
    kind: "telegram", title: "Telegram-бот", description: "Уведомления менеджерам и дилерам",
    configSchema: ZTelegramConfig, check: checkTelegramConnection,
    fields: [
      { name: "apiRoot", label: "Адрес Bot API", type: "url", placeholder: "https://api.telegram.org" },
      { name: "botToken", label: "Токен бота", type: "password", secret: true, hint: "Выдаёт @BotFather" },
    ],
  }),
  provider({
    kind: "mail", title: "Почта (IMAP + SMTP)", description: "Входящие заявки и рассылка запросов поставщикам",
    configSchema: ZMailConfig, check: checkMailConnection,
    fields: [
      { name: "imapHost", label: "IMAP-сервер", type: "text", placeholder: "imap.yandex.ru" },
      { name: "imapPort", label: "IMAP-порт", type: "number", placeholder: "993" },
      { name: "imapSecure", label: "IMAP через TLS", type: "checkbox" },
      { name: "smtpHost", label: "SMTP-сервер", type: "text", placeholder: "smtp.yandex.ru" },
      { name: "smtpPort", label: "SMTP-порт", type: "number", placeholder: "465" },
      { name: "smtpSecure", label: "SMTP через TLS", type: "checkbox" },
      { name: "username", label: "Логин", type: "text" },
      { name: "fromAddress", label: "Адрес отправителя", type: "email" },
      { name: "password", label: "Пароль", type: "password", secret: true },
    ],
  }),
  provider({
    kind: "ai", title: "AI (OpenAI-совместимый)", description: "YandexGPT, GigaChat, OpenRouter, локальные модели",
    configSchema: ZAiConfig, check: checkAiConnection,
    fields: [
      { name: "baseUrl", label: "Base URL", type: "url", placeholder: "https://api.openai.com/v1" },
      { name: "model", label: "Модель", type: "text", placeholder: "gpt-4o-mini" },
      { name: "apiKey", label: "API-ключ", type: "password", secret: true },
    ],
  }),
  provider({
    kind: "amocrm", title: "amoCRM", description: "Сделки и события (только чтение)",
    configSchema: ZAmocrmConfig, check: checkAmocrmConnection,
    fields: [
      { name: "baseUrl", label: "Адрес аккаунта", type: "url", placeholder: "https://company.amocrm.ru" },
      { name: "accessToken", label: "Долгосрочный токен", type: "password", secret: true },
    ],
  }),
  provider({
    kind: "radist", title: "Radist.Online", description: "Диалоги в мессенджерах",
    configSchema: ZRadistConfig, check: checkRadistConnection,
    fields: [
      { name: "baseUrl", label: "Адрес API", type: "url", placeholder: "https://api.radist.online/v2" },
      { name: "companyId", label: "ID компании в Radist", type: "number", hint: "Необязательно: по умолчанию — все компании ключа" },
      { name: "apiKey", label: "API-ключ", type: "password", secret: true },
    ],
  }),
  provider({
    kind: "bitrix24", title: "Битрикс24", description: "Сделки доставки, входящий вебхук",
    configSchema: ZBitrix24Config, check: checkBitrix24Connection,
    fields: [
      { name: "portalUrl", label: "Адрес портала", type: "url", placeholder: "https://company.bitrix24.ru" },
      { name: "userId", label: "ID пользователя вебхука", type: "text", placeholder: "1" },
      { name: "webhookCode", label: "Код вебхука", type: "password", secret: true },
    ],
  }),
  provider({
    kind: "onec", title: "1С:УТ", description: "HTTP-сервис 1С: заказы и доставка",
    configSchema: ZOnecConfig, check: checkOnecConnection,
    fields: [
      { name: "baseUrl", label: "Адрес HTTP-сервиса", type: "url", placeholder: "https://1c.company.ru/ut/hs/pult" },
      { name: "username", label: "Пользователь", type: "text" },
      { name: "password", label: "Пароль", type: "password", secret: true },
    ],
  }),
];

export function getProvider(kind: TIntegrationKind): TProvider {
  const p = PROVIDERS.find((x) => x.kind === kind);
  if (!p) throw new Error(`Unknown integration kind ${kind}`);
  return p;
}
