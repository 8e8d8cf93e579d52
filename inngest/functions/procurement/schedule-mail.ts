/** Every minute: a mailbox poll for every company with procurement switched on (fallback for IDLE). */
import { defineJob } from "../../define";
import { requestMailPolls } from "../../../server/procurement/mail/request-mail-polls";

export const scheduleMailJob = defineJob({
  id: "procurement-mail-schedule",
  title: "Закупки: расписание проверки почты",
  trigger: { cron: "* * * * *" },
  retries: 0,
  handler: async ({ step }) => step.run("request-polls", () => requestMailPolls({ now: new Date() })),
});
