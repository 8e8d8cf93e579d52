import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { ModuleOverview } from "@/components/modules/module-overview";
import { OrdersView } from "@/components/procurement/orders-view";

export const metadata: Metadata = { title: "Заявки" };

export default async function ProcurementPage() {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  if (!current.active.enabledModules.includes("procurement")) return <ModuleOverview module="procurement" />;
  return <OrdersView canEdit={["owner", "admin", "manager"].includes(current.active.role)} />;
}
