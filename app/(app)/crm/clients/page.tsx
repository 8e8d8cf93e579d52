import type { Metadata } from "next";
import { CrmPage } from "@/components/crm/crm-page";
import { ClientsView } from "@/components/crm/clients-view";

export const metadata: Metadata = { title: "Клиенты" };

export default function Page() {
  return <CrmPage>{() => <ClientsView />}</CrmPage>;
}
