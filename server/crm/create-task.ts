import { z } from "zod";
import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { actorId, loadEditableDeal, type TCrmAccess } from "./access";
import { TASK_TYPE_LABELS, TASK_TYPES } from "./labels";
import { toDay, ZDay } from "./money";
import { notifyUsers } from "./notify-users";

export const ZCreateTaskInput = z.object({
  dealId: z.string().uuid(),
  type: z.enum(TASK_TYPES),
  title: z.string().trim().min(2, "Опишите задачу").max(300),
  description: z.string().trim().max(5000).optional(),
  assigneeId: z.string().uuid("Выберите исполнителя"),
  dueDate: ZDay.optional(),
  /** For an issuing task: the chosen option to issue. */
  calculationId: z.string().uuid().optional(),
});

/** Sets a task on a deal: the assignee becomes a participant of the deal and is notified once. */
export async function createTask(opts: TCrmAccess & z.infer<typeof ZCreateTaskInput>) {
  return withTenant(opts.companyId, async (tx) => {
    const deal = await loadEditableDeal(tx, opts, opts.dealId);
    const assignee = await tx.membership.findFirst({
      where: { userId: opts.assigneeId, active: true, role: { in: ["owner", "admin", "manager", "seller", "executor"] } },
      select: { userId: true },
    });
    if (!assignee) throw new AppError("BAD_REQUEST", "Исполнитель не найден среди сотрудников компании", { fieldErrors: { assigneeId: "Выберите исполнителя" } });
    if (opts.calculationId) {
      const calc = await tx.crmCalculation.findFirst({ where: { id: opts.calculationId, dealId: opts.dealId } });
      if (!calc) throw new AppError("BAD_REQUEST", "Вариант расчёта не найден в этой сделке");
    }
    const task = await tx.crmTask.create({
      data: {
        companyId: opts.companyId, dealId: opts.dealId, type: opts.type, title: opts.title, description: opts.description || null,
        assigneeId: opts.assigneeId, createdById: actorId(opts), dueDate: opts.dueDate ? toDay(opts.dueDate) : null,
        calculationId: opts.calculationId ?? null,
      },
    });
    if (opts.assigneeId !== deal.sellerId) {
      await tx.crmDealParticipant.createMany({ data: [{ companyId: opts.companyId, dealId: opts.dealId, userId: opts.assigneeId }], skipDuplicates: true });
    }
    const stage = opts.type === "calculation" && deal.stage === "new" ? "calculation"
      : opts.type === "issuing" && ["new", "calculation", "negotiation"].includes(deal.stage) ? "issuing" : null;
    await tx.crmDeal.update({ where: { id: opts.dealId }, data: { updatedAt: new Date(), ...(stage ? { stage } : {}) } });
    if (opts.assigneeId !== opts.actor.userId) {
      await notifyUsers(tx, opts.companyId, [{
        userId: opts.assigneeId, kind: "task.assigned", dealId: opts.dealId, key: `task.assigned:${task.id}`,
        title: `Новая задача (${TASK_TYPE_LABELS[opts.type].toLowerCase()}): ${opts.title}`, body: `Сделка «${deal.title}», поставил(а) ${opts.actor.name}`,
      }]);
    }
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.task.created", entity: "CrmTask", entityId: task.id,
      changes: { dealId: opts.dealId, type: opts.type, title: opts.title, assigneeId: opts.assigneeId, dueDate: opts.dueDate ?? null, ...(stage ? { stage: { from: deal.stage, to: stage } } : {}) },
    });
    return { id: task.id };
  });
}
