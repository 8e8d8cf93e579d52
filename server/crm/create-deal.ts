import { z } from "zod";
import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { sendEvent } from "../jobs/send-event";
import { actorId, seesAllDeals, type TCrmAccess } from "./access";
import { insertClient, ZClientInput } from "./create-client";

export const ZCreateDealInput = z.object({
  title: z.string().trim().min(2, "Название сделки — не короче 2 символов").max(200, "Слишком длинное название"),
  description: z.string().trim().max(5000).optional(),
  /** An existing client, or a new one created in the same transaction. */
  clientId: z.string().uuid("Выберите клиента").optional(),
  newClient: ZClientInput.optional(),
  /** Managers and admins may give the deal to another seller; a seller's deal is always their own. */
  sellerId: z.string().uuid().optional(),
}).refine((v) => Boolean(v.clientId) !== Boolean(v.newClient), { message: "Выберите клиента или заведите нового", path: ["clientId"] });

export async function createDeal(opts: TCrmAccess & { deal: z.infer<typeof ZCreateDealInput> }) {
  if (opts.role === "executor") throw new AppError("FORBIDDEN", "Сделки заводят продавцы и руководители");
  const me = actorId(opts);
  const sellerId = seesAllDeals(opts.role) ? (opts.deal.sellerId ?? me) : me;
  if (!seesAllDeals(opts.role) && opts.deal.sellerId && opts.deal.sellerId !== me) {
    throw new AppError("FORBIDDEN", "Продавец может заводить сделки только на себя");
  }
  return withTenant(opts.companyId, async (tx) => {
    const seller = await tx.membership.findFirst({ where: { userId: sellerId, active: true, role: { in: ["owner", "admin", "manager", "seller"] } } });
    if (!seller) throw new AppError("BAD_REQUEST", "Продавец не найден среди сотрудников компании", { fieldErrors: { sellerId: "Выберите продавца" } });
    let clientId = opts.deal.clientId;
    if (clientId) {
      const client = await tx.crmClient.findFirst({ where: { id: clientId }, select: { id: true } });
      if (!client) throw new AppError("NOT_FOUND", "Клиент не найден");
    } else {
      clientId = (await insertClient(tx, opts, opts.deal.newClient!)).id;
    }
    const deal = await tx.crmDeal.create({
      data: { companyId: opts.companyId, title: opts.deal.title, description: opts.deal.description || null, clientId, sellerId, createdById: me },
    });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.deal.created", entity: "CrmDeal", entityId: deal.id, changes: { title: deal.title, clientId, sellerId },
    });
    await sendEvent(tx, { name: "crm/deal.created", data: { companyId: opts.companyId, dealId: deal.id, actorId: opts.actor.userId }, trigger: "event", actor: opts.actor, idempotencyKey: `deal.created:${deal.id}` });
    return { id: deal.id, clientId };
  });
}
