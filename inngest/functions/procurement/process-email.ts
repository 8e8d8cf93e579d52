/** One incoming email → an order (client request) or a quote (supplier reply). */
import { defineJob } from "../../define";
import { processIncomingMail } from "../../../server/procurement/process-incoming-mail";

export const processEmailJob = defineJob({
  id: "procurement-process-email",
  title: "Закупки: разбор письма",
  trigger: { event: "procurement/email.received" },
  retries: 3,
  handler: async ({ event, step }) =>
    step.run("process", () => processIncomingMail({ companyId: event.data.companyId, mailMessageId: event.data.mailMessageId })),
});
