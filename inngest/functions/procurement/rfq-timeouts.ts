/** Every 10 minutes: requests unanswered past the timeout → «нет ответа»; a single reminder when configured. */
import { defineJob } from "../../define";
import { checkRfqTimeouts } from "../../../server/procurement/check-rfq-timeouts";

export const rfqTimeoutsJob = defineJob({
  id: "procurement-rfq-timeouts",
  title: "Закупки: сроки ответов поставщиков",
  trigger: { cron: "*/10 * * * *" },
  retries: 0,
  handler: async ({ step }) => step.run("check", () => checkRfqTimeouts({ now: new Date() })),
});
