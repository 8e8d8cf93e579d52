import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { ModuleOverview } from "@/components/modules/module-overview";
import { ExportsView } from "@/components/exports/exports-view";

export const metadata: Metadata = { title: "Выгрузки" };

export default async function ExportsPage() {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  if (!current.active.enabledModules.includes("exports")) return <ModuleOverview module="exports" />;
  return <ExportsView canEdit={current.active.role === "owner" || current.active.role === "admin"} />;
}
