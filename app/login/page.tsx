import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth } from "@/server/auth/auth";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Вход" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; accepted?: string; email?: string }> }) {
  const session = await auth();
  if (session?.user?.id) redirect("/");
  const { next, accepted, email } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="text-2xl font-semibold tracking-tight">Пульт</div>
          <p className="mt-1 text-sm text-muted-foreground">Операционная платформа компании</p>
        </div>
        {accepted ? <p className="mb-3 rounded-md bg-success-soft p-3 text-sm text-success-strong" data-testid="login-accepted">Приглашение принято. Войдите, чтобы начать работу.</p> : null}
        <LoginForm next={next?.startsWith("/") && !next.startsWith("//") ? next : "/"} email={email ?? ""} />
      </div>
    </main>
  );
}
