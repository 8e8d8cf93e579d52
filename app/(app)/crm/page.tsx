import type { Metadata } from "next";
import { CrmPage } from "@/components/crm/crm-page";
import { DealsView } from "@/components/crm/deals-view";

export const metadata: Metadata = { title: "CRM: сделки" };

export default function Page() {
  return <CrmPage>{({ role }) => <DealsView canCreate={role !== "executor"} canPickSeller={["owner", "admin", "manager"].includes(role)} />}</CrmPage>;
}
