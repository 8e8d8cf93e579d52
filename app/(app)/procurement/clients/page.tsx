import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { ModuleOverview } from "@/components/modules/module-overview";
import { ClientsView } from "@/components/procurement/clients-view";

export const metadata: Metadata = { title: "Клиенты" };

export default async function ClientsPage() {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  if (!current.active.enabledModules.includes("procurement")) return <ModuleOverview module="procurement" />;
  return <ClientsView canEdit={["owner", "admin", "manager"].includes(current.active.role)} />;
}
