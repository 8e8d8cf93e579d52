import type { Metadata } from "next";
import { CrmPage } from "@/components/crm/crm-page";
import { InsurersView } from "@/components/crm/insurers-view";

export const metadata: Metadata = { title: "Страховщики" };

export default function Page() {
  return <CrmPage>{({ role }) => <InsurersView canEdit={["owner", "admin", "manager"].includes(role)} />}</CrmPage>;
}
