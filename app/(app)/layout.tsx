import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { AppShell } from "@/components/shell/app-shell";
import { ROLE_LABELS } from "@/server/tenancy/roles";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const current = await getCurrentUser();
  if (!current) redirect("/login");
  if (current.user.mustChangePassword) redirect("/account/password");
  if (!current.active) {
    return (
      <main className="flex min-h-screen items-center justify-center p-6 text-center">
        <div>
          <h1 className="text-lg font-semibold">Нет доступных компаний</h1>
          <p className="mt-2 text-sm text-muted-foreground">Ваша учётная запись не состоит ни в одной активной компании.</p>
        </div>
      </main>
    );
  }
  return (
    <AppShell
      user={{ name: current.user.name, email: current.user.email, superAdmin: current.user.superAdmin }}
      companies={current.companies.map((c) => ({ id: c.companyId, name: c.name, role: ROLE_LABELS[c.role] }))}
      active={{ id: current.active.companyId, name: current.active.name, role: current.active.role, roleLabel: ROLE_LABELS[current.active.role], enabledModules: current.active.enabledModules }}
    >
      {children}
    </AppShell>
  );
}
