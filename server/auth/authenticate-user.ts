import { db } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { listUserCompanies } from "../tenancy/list-user-companies";
import { verifyPassword } from "./passwords";

export type TAuthenticatedUser = { id: string; email: string; name: string };

/** A bcrypt hash of a random string: compared against when the email is unknown, so timing does not leak it. */
const DUMMY_HASH = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.6v7ZqyZC8g3Yz6dW7ZbqE3h6G1xK";

/**
 * Checks email + password. Failures are rate limited per email and IP (LOGIN_MAX_FAILURES within
 * LOGIN_WINDOW_MINUTES); the limit is checked before the password so guessing stops at once.
 */
export async function authenticateUser(input: { email: string; password: string; ip: string }): Promise<TAuthenticatedUser> {
  const env = getEnv();
  const email = input.email.trim().toLowerCase();
  const since = new Date(Date.now() - env.LOGIN_WINDOW_MINUTES * 60_000);
  const failures = await db().loginAttempt.count({
    where: { email, ip: input.ip, success: false, createdAt: { gte: since } },
  });
  if (failures >= env.LOGIN_MAX_FAILURES) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Слишком много неудачных попыток входа. Повторите через ${env.LOGIN_WINDOW_MINUTES} минут.`,
    );
  }
  const user = await db().user.findUnique({ where: { email } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  await db().loginAttempt.create({ data: { email, ip: input.ip, success: ok && !!user } });
  if (!user || !ok) throw new AppError("UNAUTHORIZED", "Неверный email или пароль");
  if (!user.superAdmin && (await listUserCompanies(user.id)).length === 0) {
    throw new AppError("FORBIDDEN", "Учётная запись отключена. Обратитесь к администратору компании.");
  }
  await db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name };
}
