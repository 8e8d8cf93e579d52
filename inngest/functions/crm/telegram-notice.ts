/** One CRM notification to a member's linked Telegram (server/crm/telegram-notices.ts). */
import { defineJob } from "../../define";
import { deliverCrmTelegramNotice } from "../../../server/crm/telegram-notices";

const RETRIES = 5;

export const crmTelegramNoticeJob = defineJob({
  id: "crm-telegram-notice",
  title: "CRM: уведомление в Telegram",
  trigger: { event: "crm/telegram.notice.requested" },
  retries: RETRIES,
  handler: async ({ event, run }) => deliverCrmTelegramNotice({ companyId: event.data.companyId, noticeId: event.data.noticeId, attempt: run.attempt, maxAttempts: RETRIES + 1 }),
});
