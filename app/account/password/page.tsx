import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Смена пароля" };

export default async function ChangePasswordPage() {
  const current = await getCurrentUser();
  if (!current) redirect("/login");
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted px-4">
      <div className="w-full max-w-sm rounded-lg border border-border bg-surface p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Смена пароля</h1>
        {current.user.mustChangePassword ? (
          <p className="mt-1 text-sm text-muted-foreground">Вы вошли с одноразовым паролем. Задайте свой пароль, чтобы продолжить.</p>
        ) : null}
        <ChangePasswordForm />
      </div>
    </main>
  );
}
