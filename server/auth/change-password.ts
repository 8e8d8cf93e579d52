import { db } from "../db";
import { AppError } from "../errors";
import { hashPassword, verifyPassword } from "./passwords";

/** Changes the user's own password (also clears the one-time-password flag). */
export async function changePassword(opts: { userId: string; current: string; next: string }): Promise<void> {
  const user = await db().user.findUnique({ where: { id: opts.userId } });
  if (!user) throw new AppError("NOT_FOUND", "Пользователь не найден");
  if (!(await verifyPassword(opts.current, user.passwordHash))) throw new AppError("BAD_REQUEST", "Текущий пароль введён неверно");
  if (opts.next.length < 8) throw new AppError("BAD_REQUEST", "Новый пароль: не короче 8 символов");
  if (opts.next === opts.current) throw new AppError("BAD_REQUEST", "Новый пароль должен отличаться от текущего");
  await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(opts.next), mustChangePassword: false } });
}
