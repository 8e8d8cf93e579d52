import type { Metadata } from "next";
import { CrmPage } from "@/components/crm/crm-page";
import { DealBoard } from "@/components/crm/deal-board";

export const metadata: Metadata = { title: "CRM: доска сделок" };

export default function Page() {
  return <CrmPage>{() => <DealBoard />}</CrmPage>;
}
