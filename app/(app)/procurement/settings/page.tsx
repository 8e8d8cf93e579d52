import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { ModuleOverview } from "@/components/modules/module-overview";
import { ProcSettingsView } from "@/components/procurement/settings-view";

export const metadata: Metadata = { title: "Настройки закупок" };

export default async function ProcSettingsPage() {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  if (!current.active.enabledModules.includes("procurement")) return <ModuleOverview module="procurement" />;
  return <ProcSettingsView canEdit={current.active.role === "owner" || current.active.role === "admin"} />;
}
