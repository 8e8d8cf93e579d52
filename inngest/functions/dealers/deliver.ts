/** One Telegram message to a dealer with flood control; 403 marks the dealer blocked (server/dealers/deliver-message.ts). */
import { defineJob } from "../../define";
import { deliverDealerMessage } from "../../../server/dealers/deliver-message";

const RETRIES = 5;

export const deliverDealerMessageJob = defineJob({
  id: "dealers-deliver",
  title: "Дилеры: сообщение в Telegram",
  trigger: { event: "dealers/delivery.requested" },
  retries: RETRIES,
  handler: async ({ event, run }) => deliverDealerMessage({ companyId: event.data.companyId, deliveryId: event.data.deliveryId, attempt: run.attempt, maxAttempts: RETRIES + 1 }),
});
