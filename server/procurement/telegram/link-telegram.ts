import { randomBytes } from "node:crypto";
import { hashLinkCode } from "./link-code";
import { withTenant } from "../../db";
import { AppError } from "../../errors";
import { writeAudit } from "../../audit/write-audit";
import type { TActor } from "../../tenancy/roles";
import { connectDealerBot } from "../../dealers/create-subscribe-link";
import { telegramFor } from "../../dealers/telegram-port";

/**
 * A manager links their Telegram account to the company's bot: a one-time code (15 minutes, single use; only
 * its hash is stored) opened as `t.me/<bot>?start=<code>` or typed to the bot as `/start <code>`.
 * The company has ONE bot for dealers and managers; manager codes start with `M` (dealer codes never do: the
 * bot tries a manager code first by its hash anyway).
 */

export const LINK_CODE_TTL_MS = 15 * 60 * 1000;
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";


function newCode(): string {
  return `M${[...randomBytes(9)].map((b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

export async function createTelegramLinkCode(opts: { companyId: string; actor: TActor; userId: string }) {
  // «Интеграция Telegram не настроена…» / the bot's own errors reach the user as they are.
  const tg = await telegramFor(opts.companyId);
  const me = await tg.client.getMe();
  await connectDealerBot(opts.companyId);
  const code = newCode();
  const expiresAt = new Date(Date.now() + LINK_CODE_TTL_MS);
  await withTenant(opts.companyId, async (tx) => {
    const existing = await tx.procTelegramLink.findUnique({ where: { companyId_userId: { companyId: opts.companyId, userId: opts.userId } } });
    if (existing) await tx.procTelegramLink.update({ where: { id: existing.id }, data: { codeHash: hashLinkCode(code), codeExpiresAt: expiresAt } });
    else await tx.procTelegramLink.create({ data: { companyId: opts.companyId, userId: opts.userId, codeHash: hashLinkCode(code), codeExpiresAt: expiresAt } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "procurement.telegram.code_created", entity: "User", entityId: opts.userId, changes: { expiresAt } });
  });
  return { code, url: `https://t.me/${me.username}?start=${code}`, botUsername: me.username, expiresAt };
}

export async function getTelegramLink(opts: { companyId: string; userId: string }) {
  const link = await withTenant(opts.companyId, (tx) => tx.procTelegramLink.findUnique({ where: { companyId_userId: { companyId: opts.companyId, userId: opts.userId } } }));
  if (!link) return { status: "none" as const, telegramUsername: null, linkedAt: null, codePending: false };
  return {
    status: (link.chatId ? link.status : "none") as "none" | "active" | "blocked" | "pending",
    telegramUsername: link.telegramUsername,
    linkedAt: link.linkedAt,
    codePending: Boolean(link.codeHash && link.codeExpiresAt && link.codeExpiresAt > new Date()),
  };
}

export async function unlinkTelegram(opts: { companyId: string; actor: TActor; userId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const link = await tx.procTelegramLink.findUnique({ where: { companyId_userId: { companyId: opts.companyId, userId: opts.userId } } });
    if (!link) throw new AppError("NOT_FOUND", "Telegram не привязан");
    await tx.procTelegramLink.delete({ where: { id: link.id } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "procurement.telegram.unlinked", entity: "User", entityId: opts.userId, changes: { telegramUsername: link.telegramUsername } });
    return { ok: true };
  });
}
