import { Composer, type Context } from "grammy";
import { withTenant } from "../../db";
import { getEnv } from "../../env";
import { AppError } from "../../errors";
import { writeAudit } from "../../audit/write-audit";
import type { TActor, TRole } from "../../tenancy/roles";
import { getCompany } from "../../tenancy/update-company";
import { listOrders } from "../list-orders";
import { listSuppliers } from "../list-suppliers";
import { requestRfqs } from "../request-rfqs";
import { setOrderStatus } from "../set-order-status";
import { suggestSuppliersTx } from "../suggest-suppliers";
import { formatQty } from "../format";
import { hashLinkCode } from "./link-code";

/**
 * The managers' side of the company's bot (mounted before the dealers' handlers in
 * server/dealers/handle-bot-update.ts): `/start <code>` with a manager link code, /orders, /order N,
 * /suppliers <search>, and the notification buttons (`mgr:rfq:<orderId>`, `mgr:rev:<orderId>`).
 * Only a linked chat of an active member of the company (procurement module on) is served; actions run with
 * that member's role. Anything else falls through to the dealers' handlers.
 */

const EDITORS: readonly TRole[] = ["owner", "admin", "manager"];
const NOT_LINKED = "Извините, этот бот обслуживает только сотрудников компании. Привяжите Telegram в веб-приложении («Закупки → Настройки» или «CRM → Уведомления») и отправьте код боту.";

export const ORDER_STATUS_LABELS: Record<string, string> = {
  new: "новая", needs_review: "требует проверки", rfq_sent: "запросы отправлены", quoted: "есть предложения",
  offer_sent: "КП отправлено", won: "выиграна", lost: "проиграна", cancelled: "отменена",
};

export function orderUrl(orderId: string): string {
  return `${getEnv().APP_URL.replace(/\/+$/, "")}/procurement/orders/${orderId}`;
}

type TManager = { userId: string; name: string; role: TRole; actor: TActor };

/** The linked, active member behind a private chat, or null. */
export async function managerForChat(companyId: string, chatId: string): Promise<TManager | null> {
  const company = await getCompany(companyId).catch(() => null);
  if (!company || !company.enabledModules.includes("procurement")) return null;
  return withTenant(companyId, async (tx) => {
    const link = await tx.procTelegramLink.findFirst({ where: { chatId, status: "active" }, include: { user: { select: { name: true } } } });
    if (!link) return null;
    const member = await tx.membership.findFirst({ where: { userId: link.userId, active: true } });
    if (!member) return null;
    return { userId: link.userId, name: link.user.name, role: member.role as TRole, actor: { userId: link.userId, name: `${link.user.name} (Telegram)` } };
  });
}

async function linkByCode(companyId: string, code: string, ctx: Context): Promise<"linked" | "expired" | "not_member" | null> {
  const chatId = String(ctx.chat!.id);
  return withTenant(companyId, async (tx) => {
    const link = await tx.procTelegramLink.findFirst({ where: { codeHash: hashLinkCode(code) }, include: { user: { select: { name: true } } } });
    if (!link) return null;
    if (!link.codeExpiresAt || link.codeExpiresAt < new Date()) {
      await tx.procTelegramLink.update({ where: { id: link.id }, data: { codeHash: null, codeExpiresAt: null } });
      return "expired";
    }
    const member = await tx.membership.findFirst({ where: { userId: link.userId, active: true } });
    if (!member) {
      await tx.procTelegramLink.update({ where: { id: link.id }, data: { codeHash: null, codeExpiresAt: null } });
      return "not_member";
    }
    // One chat serves one manager of the company.
    await tx.procTelegramLink.updateMany({ where: { chatId, id: { not: link.id } }, data: { chatId: null, status: "pending" } });
    await tx.procTelegramLink.update({
      where: { id: link.id },
      data: { chatId, telegramUsername: ctx.from?.username ?? null, status: "active", linkedAt: new Date(), blockedAt: null, codeHash: null, codeExpiresAt: null },
    });
    await writeAudit(tx, companyId, { userId: link.userId, name: `${link.user.name} (Telegram)` }, {
      action: "procurement.telegram.linked", entity: "User", entityId: link.userId, changes: { chatId, telegramUsername: ctx.from?.username ?? null },
    });
    return "linked";
  });
}

const isPrivate = (ctx: Context) => ctx.chat?.type === "private";

export function managerBot(companyId: string): Composer<Context> {
  const bot = new Composer<Context>();

  // /start <manager code>: link; any other /start goes on to the dealers' flow.
  bot.command("start", async (ctx, next) => {
    const code = ctx.match.trim();
    if (!code || !isPrivate(ctx)) return next();
    const result = await linkByCode(companyId, code, ctx);
    if (result === null) return next();
    if (result === "expired") return void (await ctx.reply("Код привязки устарел. Получите новый в веб-приложении («Закупки → Настройки» или «CRM → Уведомления»)."));
    if (result === "not_member") return void (await ctx.reply(NOT_LINKED));
    await ctx.reply("Telegram привязан. Сюда будут приходить уведомления Пульта: о заявках и ответах поставщиков, о задачах и сроках CRM.\n/orders — последние заявки\n/order N — заявка с позициями\n/suppliers текст — поиск поставщиков");
  });

  const guarded = (handler: (ctx: Context & { match: string }, m: TManager) => Promise<void>) => async (ctx: Context & { match: string }) => {
    const m = isPrivate(ctx) ? await managerForChat(companyId, String(ctx.chat!.id)) : null;
    if (!m) return void (await ctx.reply(NOT_LINKED));
    await handler(ctx, m);
  };

  bot.command("orders", guarded(async (ctx) => {
    const { rows } = await listOrders({ companyId, page: 1, pageSize: 10 });
    if (rows.length === 0) return void (await ctx.reply("Заявок пока нет."));
    const lines = rows.map((o) => `${o.number} — ${ORDER_STATUS_LABELS[o.status] ?? o.status}${o.client ? `, ${o.client.name}` : ""}${o.subject ? `: ${o.subject.slice(0, 60)}` : ""}`);
    await ctx.reply(`Последние заявки:\n${lines.join("\n")}\n\nПодробнее: /order N`);
  }));

  bot.command("order", guarded(async (ctx) => {
    const arg = ctx.match.trim().toUpperCase();
    if (!arg) return void (await ctx.reply("Укажите номер: /order 12 или /order ORD-2026-0012"));
    const order = await withTenant(companyId, (tx) => tx.procOrder.findFirst({
      where: /^\d+$/.test(arg) ? { number: { endsWith: `-${arg.padStart(4, "0")}` } } : { number: arg },
      orderBy: { createdAt: "desc" },
      include: { items: { orderBy: { position: "asc" } }, client: { select: { name: true, email: true } }, _count: { select: { rfqs: true, quotes: true } } },
    }));
    if (!order) return void (await ctx.reply(`Заявка ${arg} не найдена.`));
    const items = order.items.map((i) => `${i.position}. ${i.name}${i.brand ? ` (${i.brand})` : ""}${i.article ? `, арт. ${i.article}` : ""} — ${formatQty(i.quantity)} ${i.unit}`);
    await ctx.reply(
      [
        `Заявка ${order.number} — ${ORDER_STATUS_LABELS[order.status] ?? order.status}`,
        order.client ? `Клиент: ${order.client.name}${order.client.email ? ` <${order.client.email}>` : ""}` : null,
        order.subject ? `Тема: ${order.subject}` : null,
        items.length ? `Позиции:\n${items.join("\n")}` : "Позиций нет",
        `Запросов поставщикам: ${order._count.rfqs}, ответов: ${order._count.quotes}`,
      ].filter(Boolean).join("\n"),
      { reply_markup: { inline_keyboard: orderKeyboard(order.id, order.status) } },
    );
  }));

  bot.command("suppliers", guarded(async (ctx) => {
    const search = ctx.match.trim();
    const { rows } = await listSuppliers({ companyId, search: search || null, page: 1, pageSize: 10 });
    if (rows.length === 0) return void (await ctx.reply(search ? `Поставщики по запросу «${search}» не найдены.` : "Поставщиков пока нет."));
    await ctx.reply(rows.map((s) => `${s.name} — ${s.email}${s.brands.length ? `\nБренды: ${s.brands.join(", ")}` : ""}`).join("\n\n"));
  }));

  bot.callbackQuery(/^mgr:(rfq|rev):([0-9a-f-]{36})$/, async (ctx) => {
    const chatId = String(ctx.chat?.id ?? ctx.from.id);
    const m = await managerForChat(companyId, chatId);
    if (!m) return void (await ctx.answerCallbackQuery({ text: NOT_LINKED.slice(0, 190), show_alert: true }));
    if (!EDITORS.includes(m.role)) return void (await ctx.answerCallbackQuery({ text: "Недостаточно прав", show_alert: true }));
    const [, action, orderId] = ctx.match;
    try {
      const text = action === "rfq" ? await sendSuggestedRfqs(companyId, m.actor, orderId!) : await markReviewed(companyId, m.actor, orderId!);
      await ctx.answerCallbackQuery({ text });
    } catch (error) {
      await ctx.answerCallbackQuery({ text: error instanceof AppError ? error.userMessage : "Не удалось выполнить действие", show_alert: true });
    }
  });

  return bot;
}

export function orderKeyboard(orderId: string, status: string) {
  const rows: ({ text: string; url: string } | { text: string; callback_data: string })[][] = [[{ text: "Открыть в Пульте", url: orderUrl(orderId) }]];
  if (status === "needs_review") rows.push([{ text: "✅ Проверено", callback_data: `mgr:rev:${orderId}` }]);
  if (["new", "needs_review", "rfq_sent", "quoted"].includes(status)) rows.push([{ text: "📨 Запросить цены у предложенных", callback_data: `mgr:rfq:${orderId}` }]);
  return rows;
}

async function sendSuggestedRfqs(companyId: string, actor: TActor, orderId: string): Promise<string> {
  const suggestions = await withTenant(companyId, (tx) => suggestSuppliersTx(tx, orderId));
  const ids = suggestions.filter((s) => s.score > 0 && !s.alreadyAsked).slice(0, 5).map((s) => s.id);
  if (ids.length === 0) return "Нет предложенных поставщиков, которым ещё не отправлен запрос";
  const result = await requestRfqs({ companyId, actor, orderId, supplierIds: ids });
  return `Запросы поставлены в отправку: ${result.created}`;
}

async function markReviewed(companyId: string, actor: TActor, orderId: string): Promise<string> {
  const order = await withTenant(companyId, (tx) => tx.procOrder.findUnique({ where: { id: orderId }, select: { status: true } }));
  if (!order) throw new AppError("NOT_FOUND", "Заявка не найдена");
  if (order.status !== "needs_review") return "Заявка уже проверена";
  await setOrderStatus({ companyId, actor, orderId, status: "new" });
  return "Заявка отмечена как проверенная";
}
