import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { ModuleOverview } from "@/components/modules/module-overview";
import { SuppliersView } from "@/components/procurement/suppliers-view";

export const metadata: Metadata = { title: "Поставщики" };

export default async function SuppliersPage() {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  if (!current.active.enabledModules.includes("procurement")) return <ModuleOverview module="procurement" />;
  return <SuppliersView canEdit={["owner", "admin", "manager"].includes(current.active.role)} />;
}
