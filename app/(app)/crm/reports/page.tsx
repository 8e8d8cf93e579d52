import type { Metadata } from "next";
import { CrmPage } from "@/components/crm/crm-page";
import { ReportsView } from "@/components/crm/reports-view";

export const metadata: Metadata = { title: "CRM: отчёты" };

export default function Page() {
  return <CrmPage>{() => <ReportsView />}</CrmPage>;
}
