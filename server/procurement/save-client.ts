/** Creates or updates a client (audited); the email is unique per company. */
import { withTenant, Prisma } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";

export type TClientInput = { name: string; email?: string | null; phone?: string | null; inn?: string | null; notes?: string | null };

export function uniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function saveClient(opts: { companyId: string; actor: TActor; id?: string | null; data: TClientInput }) {
  const data = { ...opts.data, email: opts.data.email?.trim().toLowerCase() || null };
  try {
    return await withTenant(opts.companyId, async (tx) => {
      const before = opts.id ? await tx.procClient.findUnique({ where: { id: opts.id } }) : null;
      if (opts.id && !before) throw new AppError("NOT_FOUND", "Клиент не найден");
      const row = before
        ? await tx.procClient.update({ where: { id: before.id }, data })
        : await tx.procClient.create({ data: { ...data, companyId: opts.companyId } });
      await writeAudit(tx, opts.companyId, opts.actor, {
        action: before ? "procurement.client.updated" : "procurement.client.created", entity: "ProcClient", entityId: row.id, changes: { before, after: data },
      });
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error)) throw new AppError("CONFLICT", "Клиент с таким email уже есть");
    throw error;
  }
}
