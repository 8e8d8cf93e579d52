import type { TTx } from "../db";
import { Prisma } from "../db";
import type { TActor } from "../tenancy/roles";
import { maskSecrets } from "./mask-secrets";

export type TAuditEntry = {
  action: string;
  entity: string;
  entityId?: string | null;
  changes?: unknown;
};

/** Writes one audit row inside the caller's tenant transaction (so it commits or rolls back with the change). */
export async function writeAudit(tx: TTx, companyId: string, actor: TActor, entry: TAuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      companyId,
      actorId: actor.userId,
      actorName: actor.name,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      changes: entry.changes === undefined ? Prisma.DbNull : (maskSecrets(entry.changes) as Prisma.InputJsonValue),
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
    },
  });
}
