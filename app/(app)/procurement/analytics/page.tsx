import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { ModuleOverview } from "@/components/modules/module-overview";
import { AnalyticsView } from "@/components/procurement/analytics-view";

export const metadata: Metadata = { title: "Аналитика закупок" };

export default async function ProcurementAnalyticsPage() {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  if (!current.active.enabledModules.includes("procurement")) return <ModuleOverview module="procurement" />;
  return <AnalyticsView />;
}
