/** Reads and processes new mail of one company's procurement mailbox (IDLE listener / schedule / «Проверить почту»). */
import { defineJob } from "../../define";
import { pollMailbox } from "../../../server/procurement/mail/poll-mailbox";

export const pollMailboxJob = defineJob({
  id: "procurement-mail-poll",
  title: "Закупки: проверка почты",
  trigger: { event: "procurement/mailbox.poll.requested" },
  concurrency: { key: "companyId", limit: 1 },
  retries: 2,
  handler: async ({ event, step }) =>
    step.run("fetch-and-process", async () => {
      const { processed, ...counts } = await pollMailbox({ companyId: event.data.companyId });
      return {
        ...counts,
        orders: processed.filter((p) => p.kind === "client_request").length,
        quotes: processed.filter((p) => p.kind === "supplier_reply").length,
      };
    }),
});
