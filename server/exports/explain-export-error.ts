/**
 * Bad configuration explained: the errors an export run can meet (spreadsheet not shared, deleted spreadsheet or
 * sheet, revoked MoySklad token, a token without rights) become one Russian sentence with a hint on what to do.
 * Permanence is kept (`retryable`), so these runs fail at once instead of being retried.
 */
import { isControlSignal } from "../jobs/errors";
import { UpstreamError } from "../integrations/errors";
import { isGoogleSheetsError } from "../integrations/google-sheets/errors";

const withHint = (message: string, hint: string) => `${message.replace(/[.\s]+$/, "")}. ${hint}`;

export function explainExportError(err: unknown, ctx: { exporterTitle?: string; sheetName?: string } = {}): unknown {
  if (isControlSignal(err) || !(err instanceof UpstreamError)) return err;
  const keep = { provider: err.provider, kind: err.kind, status: err.status, retryAfterMs: err.retryAfterMs, retryable: err.retryable, detail: err.detail };

  if (isGoogleSheetsError(err)) {
    switch (err.reason) {
      case "no_access":
        // The client's message names the service account and how to share; say what it means for the export.
        return new UpstreamError({ ...keep, userMessage: `Google Таблица не открыта для записи. ${err.userMessage}` });
      case "spreadsheet_not_found":
        return new UpstreamError({ ...keep, userMessage: withHint(`Google Таблица не найдена: возможно, её удалили или ссылка неверна (${err.userMessage})`, "Укажите действующую таблицу на странице «Выгрузки» и откройте к ней доступ сервисному аккаунту") });
      case "sheet_not_found":
        return new UpstreamError({
          ...keep,
          userMessage: withHint(`Лист${ctx.sheetName ? ` «${ctx.sheetName}»` : ""} удалён или переименован во время выгрузки`, "Запустите выгрузку снова: лист будет создан заново и заполнен целиком"),
        });
      default:
        return err;
    }
  }

  if (err.provider === "moysklad") {
    switch (err.kind) {
      case "auth":
        return new UpstreamError({
          ...keep,
          userMessage: withHint("МойСклад не принял токен доступа: его отозвали, удалили или сменили пароль пользователя",
            "Создайте новый токен в МойСклад (Настройки → Токены) и сохраните его в «Настройки → Интеграции → МойСклад»"),
        });
      case "forbidden":
        return new UpstreamError({
          ...keep,
          userMessage: withHint(`У пользователя токена МойСклад нет прав на чтение${ctx.exporterTitle ? ` данных «${ctx.exporterTitle}»` : " этих данных"}, или токен выдан для другого аккаунта`,
            "Выдайте права в МойСклад (Настройки → Сотрудники → Права) или подключите токен администратора нужного аккаунта"),
        });
      case "not_found":
        return new UpstreamError({
          ...keep,
          userMessage: withHint(`МойСклад не нашёл запрошенные данные${err.detail ? ` (${err.detail})` : ""}`, "Проверьте адрес API в «Настройки → Интеграции → МойСклад»"),
        });
      default:
        return err;
    }
  }
  return err;
}
