/** Hourly: CRM reminders (installment due, policy ending, review date reached), idempotent by notification key. */
import { defineJob } from "../../define";
import { sendCrmReminders } from "../../../server/crm/send-reminders";

export const crmRemindersJob = defineJob({
  id: "crm-reminders",
  title: "CRM: напоминания",
  trigger: { cron: "5 * * * *" },
  retries: 1,
  handler: async ({ step }) => step.run("send", () => sendCrmReminders({ now: new Date() })),
});
