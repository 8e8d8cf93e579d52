import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { ModuleOverview } from "@/components/modules/module-overview";
import { AutomationsView } from "@/components/automations/automations-view";

export const metadata: Metadata = { title: "Автоматизации" };

export default async function AutomationsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  if (!current.active.enabledModules.includes("automations")) return <ModuleOverview module="automations" />;
  const { tab } = await searchParams;
  return <AutomationsView canEdit={current.active.role === "owner" || current.active.role === "admin"} initialTab={tab ?? "links"} />;
}
