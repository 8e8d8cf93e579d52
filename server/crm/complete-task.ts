import { z } from "zod";
import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { seesAllDeals, type TCrmAccess } from "./access";
import { notifyUsers } from "./notify-users";

export const ZCompleteTaskInput = z.object({ taskId: z.string().uuid(), status: z.enum(["done", "cancelled"]).default("done") });

/**
 * Completes (or cancels) a task: its assignee, the deal's seller, or a manager/admin. A calculation task needs
 * at least one calculation option on the deal; completing it notifies the seller and the task's author
 * («расчёт готов») once.
 */
export async function completeTask(opts: TCrmAccess & z.infer<typeof ZCompleteTaskInput>) {
  return withTenant(opts.companyId, async (tx) => {
    const task = await tx.crmTask.findFirst({ where: { id: opts.taskId }, include: { deal: { select: { id: true, title: true, sellerId: true, stage: true } } } });
    if (!task) throw new AppError("NOT_FOUND", "Задача не найдена");
    const uid = opts.actor.userId;
    if (!(task.assigneeId === uid || task.deal.sellerId === uid || seesAllDeals(opts.role))) {
      throw new AppError("FORBIDDEN", "Завершить задачу может её исполнитель, продавец сделки или руководитель");
    }
    if (task.status !== "open") throw new AppError("CONFLICT", "Задача уже закрыта");
    if (opts.status === "done" && task.type === "calculation") {
      const calcs = await tx.crmCalculation.count({ where: { dealId: task.dealId } });
      if (calcs === 0) throw new AppError("PRECONDITION_FAILED", "Добавьте хотя бы один вариант расчёта, прежде чем завершать задачу");
    }
    await tx.crmTask.update({ where: { id: task.id }, data: { status: opts.status, completedAt: new Date() } });
    const stage = opts.status === "done" && task.type === "calculation" && ["new", "calculation"].includes(task.deal.stage) ? "negotiation" : null;
    await tx.crmDeal.update({ where: { id: task.dealId }, data: { updatedAt: new Date(), ...(stage ? { stage } : {}) } });
    if (opts.status === "done") {
      const recipients = [...new Set([task.deal.sellerId, task.createdById].filter((u): u is string => !!u && u !== uid))];
      const calc = task.type === "calculation";
      await notifyUsers(tx, opts.companyId, recipients.map((userId) => ({
        userId, kind: calc ? "calculation.ready" as const : "task.done" as const, dealId: task.dealId, key: `task.done:${task.id}`,
        title: calc ? `Расчёт готов: ${task.deal.title}` : `Задача выполнена: ${task.title}`,
        body: `${opts.actor.name} завершил(а) задачу «${task.title}»`,
      })));
    }
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: opts.status === "done" ? "crm.task.completed" : "crm.task.cancelled", entity: "CrmTask", entityId: task.id,
      changes: { status: { from: task.status, to: opts.status }, ...(stage ? { stage: { from: task.deal.stage, to: stage } } : {}) },
    });
    return { id: task.id };
  });
}
