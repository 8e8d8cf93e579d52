"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/server/auth/auth";
import { getEnv } from "@/server/env";

export type TLoginState = { error?: string; email?: string };

export async function loginAction(_prev: TLoginState, form: FormData): Promise<TLoginState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "Введите email и пароль", email };
  try {
    await signIn("credentials", { email, password, redirectTo: String(form.get("next") || "/") });
    return {};
  } catch (err) {
    if (err instanceof AuthError) {
      const code = err instanceof CredentialsSignin ? err.code : "";
      const messages: Record<string, string> = {
        rate_limited: `Слишком много неудачных попыток входа. Повторите через ${getEnv().LOGIN_WINDOW_MINUTES} минут.`,
        disabled: "Учётная запись отключена. Обратитесь к администратору компании.",
      };
      return { error: messages[code] ?? "Неверный email или пароль", email };
    }
    throw err; // the redirect after a successful sign-in
  }
}
