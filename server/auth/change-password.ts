import { db, withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { listUserCompanies } from "../tenancy/list-user-companies";
import { AppError } from "../errors";
import { hashPassword, verifyPassword } from "./passwords";

/** Changes the user's own password (also clears the one-time-password flag). */
export async function changePassword(opts: { userId: string; current: string; next: string; ip?: string | null }): Promise<void> {
  const user = await db().user.findUnique({ where: { id: opts.userId } });
  if (!user) throw new AppError("NOT_FOUND", "Пользователь не найден");
  if (!(await verifyPassword(opts.current, user.passwordHash))) throw new AppError("BAD_REQUEST", "Текущий пароль введён неверно");
  if (opts.next.length < 8) throw new AppError("BAD_REQUEST", "Новый пароль: не короче 8 символов");
  if (opts.next === opts.current) throw new AppError("BAD_REQUEST", "Новый пароль должен отличаться от текущего");
  await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(opts.next), mustChangePassword: false } });
  // The user is global; the change is recorded in the audit log of each company they work in.
  const actor = { userId: user.id, name: user.name, ip: opts.ip ?? null };
  for (const c of await listUserCompanies(user.id)) {
    await withTenant(c.companyId, (tx) => writeAudit(tx, c.companyId, actor, { action: "user.password_changed", entity: "User", entityId: user.id }));
  }
}
