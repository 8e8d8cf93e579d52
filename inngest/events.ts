/**
 * The typed event catalog. Every event is named `domain/noun.verb` and is a tenant event: its data carries
 * `companyId`. Send events with `sendEvent` (server/jobs/send-event.ts) or `step.sendEvent` inside a job.
 *
 * Adding an event: one entry here (a zod object extending `ZTenantEventData`).
 */
import { z } from "zod";

/** Lenient uuid (any version), the same shape Postgres accepts. */
const ZUuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Ожидается uuid");

export const ZTenantEventData = z.object({ companyId: ZUuid });

const ZCrmPaymentEvent = ZTenantEventData.extend({ dealId: ZUuid, policyId: ZUuid, actorId: ZUuid.nullish() });
const ZCrmMoneyEvent = ZCrmPaymentEvent.extend({ recordId: ZUuid, kind: z.string().max(50), amount: z.number().int().positive(), changeId: ZUuid.optional() });

export const EVENTS = {
  /** Demo/self-check of the background machinery (job "platform-demo-ping"). */
  "platform/demo.ping": ZTenantEventData.extend({
    note: z.string().max(200).optional(),
    /** Pause between the demo steps, ms (kept short: the demo must finish in seconds). */
    pauseMs: z.number().int().min(0).max(60_000).optional(),
  }),
  /** Check one integration's connection through its real client (job "integrations-check"). */
  "integrations/check.requested": ZTenantEventData.extend({
    kind: z.enum(["moysklad", "google_sheets", "telegram", "mail", "ai", "amocrm", "radist", "bitrix24", "onec"]),
  }),
  /** Run one exporter (job "exports-run"): MoySklad → Google Sheets. */
  "exports/run.requested": ZTenantEventData.extend({ configId: ZUuid }),
  /** CRM domain events (server/crm/*): emitted in the change's transaction; job "crm-deal-event-*" notifies. */
  "crm/deal.created": ZTenantEventData.extend({ dealId: ZUuid, actorId: ZUuid.nullish() }),
  "crm/deal.payment.updated": ZCrmPaymentEvent.extend({ change: z.enum(["policy.added", "installment.paid", "policy.updated", "policy.deleted", "payment.updated", "payment.deleted"]) }),
  "crm/deal.payment.income.recorded": ZCrmMoneyEvent,
  "crm/deal.payment.income.deleted": ZCrmMoneyEvent,
  "crm/deal.payment.income.updated": ZCrmMoneyEvent,
  "crm/deal.payment.expense.recorded": ZCrmMoneyEvent,
  "crm/deal.payment.expense.deleted": ZCrmMoneyEvent,
  "crm/deal.payment.expense.updated": ZCrmMoneyEvent,
  /** One CRM notification to a member's linked Telegram (job "crm-telegram-notice"). */
  "crm/telegram.notice.requested": ZTenantEventData.extend({ noticeId: ZUuid }),
  /** MoySklad events (webhook or polling) wait in the company's inbox: drain it in batches (job "automations-drain"). */
  "automations/source-events.pending": ZTenantEventData,
  /** Execute one cross-company job: create the document at the target (job "automations-execute"). */
  "automations/cross-job.requested": ZTenantEventData.extend({ jobId: ZUuid }),
  /** Polling reconciliation of the company's MoySklad events by `updated` (job "automations-reconcile"). */
  "automations/reconcile.requested": ZTenantEventData,
  /** Send one Telegram message to a dealer (job "dealers-deliver"). */
  "dealers/delivery.requested": ZTenantEventData.extend({ deliveryId: ZUuid }),
  /** Read new mail of the company's procurement mailbox (job "procurement-mail-poll"). */
  "procurement/mailbox.poll.requested": ZTenantEventData.extend({}),
  /** One stored incoming email to turn into an order or a quote (job "procurement-process-email"). */
  "procurement/email.received": ZTenantEventData.extend({ mailMessageId: ZUuid }),
  /** Send (or remind about) one request for quotation over SMTP (job "procurement-send-rfq"). */
  "procurement/rfq.send.requested": ZTenantEventData.extend({ rfqId: ZUuid, reminder: z.boolean().optional() }),
  /** One Telegram notification to a linked manager (job "procurement-telegram-notice"). */
  "procurement/telegram.notice.requested": ZTenantEventData.extend({ noticeId: ZUuid }),
} as const satisfies Record<`${string}/${string}.${string}`, z.ZodType<{ companyId: string }>>;

export type TEventName = keyof typeof EVENTS;
export type TEventData<N extends TEventName> = z.infer<(typeof EVENTS)[N]>;

export function isEventName(name: string): name is TEventName {
  return Object.prototype.hasOwnProperty.call(EVENTS, name);
}

/** One event to send: name + data (+ an optional idempotency key, unique per company and job type). */
export type TOutgoingEvent = {
  [N in TEventName]: { name: N; data: TEventData<N>; idempotencyKey?: string | null };
}[TEventName];
