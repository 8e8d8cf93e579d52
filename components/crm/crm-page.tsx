import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { CRM_ROLES } from "@/server/crm/access";
import type { TRole } from "@/server/tenancy/roles";
import { ModuleOverview } from "@/components/modules/module-overview";
import { EmptyState } from "@/components/ui/empty-state";

/** Server gate for CRM pages: module switched on, a role that works with deals. */
export async function CrmPage({ children }: { children: (ctx: { role: TRole }) => ReactNode }) {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  if (!current.active.enabledModules.includes("crm")) return <ModuleOverview module="crm" />;
  if (!CRM_ROLES.includes(current.active.role)) {
    return <EmptyState title="Нет доступа к CRM" description="Сделки видят продавцы, исполнители, руководители и администраторы." data-testid="crm-no-access" />;
  }
  return <>{children({ role: current.active.role })}</>;
}
