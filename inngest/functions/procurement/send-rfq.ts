/** Sends one request for quotation (or its reminder); SMTP is retried ×3 inside, the outcome is on the request. */
import { defineJob } from "../../define";
import { sendRfq } from "../../../server/procurement/send-rfq";

export const sendRfqJob = defineJob({
  id: "procurement-send-rfq",
  title: "Закупки: запрос цены поставщику",
  trigger: { event: "procurement/rfq.send.requested" },
  retries: 0,
  handler: async ({ event, step }) =>
    step.run("send", () => sendRfq({ companyId: event.data.companyId, rfqId: event.data.rfqId, reminder: event.data.reminder })),
});
