import { z } from "zod";
import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { actorId, seesAllDeals, type TCrmAccess } from "./access";
import { AppError } from "../errors";
import { NOTIFICATION_KIND_LABELS } from "./labels";

export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_KIND_LABELS) as (keyof typeof NOTIFICATION_KIND_LABELS)[];
export const DEFAULT_INSTALLMENT_DUE_DAYS = 3;

export const ZNotificationSettingsInput = z.object({
  disabledKinds: z.array(z.enum(NOTIFICATION_KINDS as [string, ...string[]])).max(20),
  /** Kinds not sent to the member's linked Telegram (unchanged when omitted). */
  telegramDisabledKinds: z.array(z.enum(NOTIFICATION_KINDS as [string, ...string[]])).max(20).optional(),
  installmentDueDays: z.number({ message: "Укажите число дней" }).int("Целое число дней").min(1, "Не меньше 1 дня").max(60, "Не больше 60 дней").optional(),
});

export async function getNotificationSettings(opts: TCrmAccess) {
  return withTenant(opts.companyId, async (tx) => {
    const pref = await tx.crmNotificationPreference.findFirst({ where: { userId: actorId(opts) } });
    const company = await tx.crmReminderSettings.findFirst({});
    return {
      disabledKinds: pref?.disabledKinds ?? [],
      telegramDisabledKinds: pref?.telegramDisabledKinds ?? [],
      installmentDueDays: company?.installmentDueDays ?? DEFAULT_INSTALLMENT_DUE_DAYS,
      canEditCompany: seesAllDeals(opts.role) && opts.role !== "manager",
    };
  });
}

/** Saves the member's own preferences; the company's reminder lead time only by the owner or an admin. */
export async function saveNotificationSettings(opts: TCrmAccess & z.infer<typeof ZNotificationSettingsInput>) {
  const uid = actorId(opts);
  return withTenant(opts.companyId, async (tx) => {
    const before = await tx.crmNotificationPreference.findFirst({ where: { userId: uid } });
    const disabledKinds = [...new Set(opts.disabledKinds)].sort();
    const telegramDisabledKinds = opts.telegramDisabledKinds ? [...new Set(opts.telegramDisabledKinds)].sort() : before?.telegramDisabledKinds ?? [];
    await tx.crmNotificationPreference.upsert({
      where: { companyId_userId: { companyId: opts.companyId, userId: uid } },
      create: { companyId: opts.companyId, userId: uid, disabledKinds, telegramDisabledKinds },
      update: { disabledKinds, telegramDisabledKinds },
    });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.notifications.preferences_saved", entity: "CrmNotificationPreference", entityId: uid,
      changes: {
        disabledKinds: { from: before?.disabledKinds ?? [], to: disabledKinds },
        telegramDisabledKinds: { from: before?.telegramDisabledKinds ?? [], to: telegramDisabledKinds },
      } });
    if (opts.installmentDueDays !== undefined) {
      if (!["owner", "admin"].includes(opts.role)) throw new AppError("FORBIDDEN", "Срок напоминаний о взносах меняют владелец или администратор");
      const prev = await tx.crmReminderSettings.findFirst({});
      if (prev?.installmentDueDays !== opts.installmentDueDays) {
        await tx.crmReminderSettings.upsert({
          where: { companyId: opts.companyId },
          create: { companyId: opts.companyId, installmentDueDays: opts.installmentDueDays },
          update: { installmentDueDays: opts.installmentDueDays },
        });
        await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.reminders.settings_saved", entity: "CrmReminderSettings", entityId: opts.companyId,
          changes: { installmentDueDays: { from: prev?.installmentDueDays ?? DEFAULT_INSTALLMENT_DUE_DAYS, to: opts.installmentDueDays } } });
      }
    }
    return { ok: true as const };
  });
}
