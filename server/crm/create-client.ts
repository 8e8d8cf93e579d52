import { z } from "zod";
import { withTenant, type TTx } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { actorId, type TCrmAccess } from "./access";

export const ZClientInput = z.object({
  kind: z.enum(["person", "company"]),
  name: z.string().trim().min(2, "Укажите имя или название клиента").max(200, "Слишком длинное название"),
  inn: z.string().trim().regex(/^(\d{10}|\d{12})$/, "ИНН — 10 или 12 цифр").optional().or(z.literal("")),
  phone: z.string().trim().max(40).optional(),
  email: z.string().trim().email("Некорректный email").max(200).optional().or(z.literal("")),
  contactPerson: z.string().trim().max(200).optional(),
  notes: z.string().trim().max(2000).optional(),
});
export type TClientInput = z.infer<typeof ZClientInput>;

/** Creates a client inside an existing tenant transaction (used by createDeal for "new client on the way"). */
export async function insertClient(tx: TTx, a: TCrmAccess, input: TClientInput) {
  const client = await tx.crmClient.create({
    data: {
      companyId: a.companyId, kind: input.kind, name: input.name, inn: input.inn || null, phone: input.phone || null,
      email: input.email || null, contactPerson: input.contactPerson || null, notes: input.notes || null, createdById: actorId(a),
    },
  });
  await writeAudit(tx, a.companyId, a.actor, { action: "crm.client.created", entity: "CrmClient", entityId: client.id, changes: { name: client.name, kind: client.kind } });
  return client;
}

export async function createClient(opts: TCrmAccess & { client: TClientInput }) {
  if (opts.role === "executor") throw new AppError("FORBIDDEN", "Клиентов заводят продавцы и руководители");
  return withTenant(opts.companyId, (tx) => insertClient(tx, opts, opts.client));
}
