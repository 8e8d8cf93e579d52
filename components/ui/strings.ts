/**
 * Texts built into the UI primitives. Russian for now; an English catalog can
 * follow with the same shape.
 */
export const uiStrings = {
  loading: "Загрузка…",
  cancel: "Отмена",
  delete: "Удалить",
  close: "Закрыть",
  prev: "Назад",
  next: "Вперёд",
  noData: "Нет данных",
  noRecords: "Нет записей",
  notifications: "Уведомления",
  pagination: "Постраничная навигация",
  required: "Обязательное поле",
  /** «Показано 1–20 из 134» */
  shown: (from: number, to: number, total: number) => `Показано ${from}–${to} из ${total}`,
  /** «Показано 1–20 из 1 000+» (the total is a lower bound) */
  shownAtLeast: (from: number, to: number, total: number) => `Показано ${from}–${to} из ${total.toLocaleString("ru-RU")}+`,
  /** Accessible label of a progress bar without an explicit label. */
  progress: "Прогресс",
} as const;

export type UiStrings = typeof uiStrings;
