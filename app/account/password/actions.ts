"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/server/auth/client-ip";
import { auth } from "@/server/auth/auth";
import { changePassword } from "@/server/auth/change-password";
import { isAppError } from "@/server/errors";

export async function changePasswordAction(_prev: { error?: string }, form: FormData): Promise<{ error?: string }> {
  const session = await auth();
  if (!session?.user?.id) redirect("/login");
  const next = String(form.get("next") ?? "");
  if (next !== String(form.get("confirm") ?? "")) return { error: "Пароли не совпадают" };
  try {
    await changePassword({ userId: session.user.id, current: String(form.get("current") ?? ""), next, ip: clientIp(await headers()) });
  } catch (err) {
    if (isAppError(err)) return { error: err.userMessage };
    throw err;
  }
  redirect("/");
}
