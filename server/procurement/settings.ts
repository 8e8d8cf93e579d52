import type { TTx } from "../db";

export const DEFAULT_RFQ_BODY = [
  "Добрый день!",
  "",
  "Просим сообщить цену, наличие и срок поставки по следующим позициям:",
  "",
  "{{items}}",
  "",
  "Пожалуйста, ответьте на это письмо, не меняя тему — так мы быстрее обработаем ваше предложение.",
  "",
  "С уважением,",
  "{{company}}",
].join("\n");

/** The company's procurement settings row (created with defaults on first use). */
export async function ensureProcSettings(tx: TTx, companyId: string) {
  const found = await tx.procSettings.findUnique({ where: { companyId } });
  if (found) return found;
  await tx.procSettings.createMany({ data: [{ companyId, rfqBody: DEFAULT_RFQ_BODY }], skipDuplicates: true });
  return tx.procSettings.findUniqueOrThrow({ where: { companyId } });
}

export const ORDER_STATUS_LABELS = {
  new: "Новая",
  needs_review: "Требует проверки",
  rfq_sent: "Запросы отправлены",
  quoted: "Есть предложения",
  offer_sent: "КП отправлено",
  won: "Выиграна",
  lost: "Проиграна",
  cancelled: "Отменена",
} as const;

export const RFQ_STATUS_LABELS = {
  queued: "в очереди",
  sent: "отправлен",
  answered: "ответ получен",
  no_answer: "нет ответа",
  failed: "ошибка",
} as const;
