import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { UUID_RE } from "@/server/db";
import { ModuleOverview } from "@/components/modules/module-overview";
import { OrderView } from "@/components/procurement/order-view";

export const metadata: Metadata = { title: "Заявка" };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  if (!current.active.enabledModules.includes("procurement")) return <ModuleOverview module="procurement" />;
  if (!UUID_RE.test(id)) notFound();
  return <OrderView orderId={id} canEdit={["owner", "admin", "manager"].includes(current.active.role)} />;
}
