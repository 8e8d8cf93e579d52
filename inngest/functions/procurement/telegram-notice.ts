/** One Telegram notification to a linked manager (server/procurement/telegram/notify-managers.ts). */
import { defineJob } from "../../define";
import { deliverManagerNotice } from "../../../server/procurement/telegram/notify-managers";

const RETRIES = 5;

export const telegramNoticeJob = defineJob({
  id: "procurement-telegram-notice",
  title: "Закупки: уведомление менеджеру в Telegram",
  trigger: { event: "procurement/telegram.notice.requested" },
  retries: RETRIES,
  handler: async ({ event, run }) => deliverManagerNotice({ companyId: event.data.companyId, noticeId: event.data.noticeId, attempt: run.attempt, maxAttempts: RETRIES + 1 }),
});
