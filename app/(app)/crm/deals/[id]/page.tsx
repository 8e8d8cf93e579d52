import type { Metadata } from "next";
import { CrmPage } from "@/components/crm/crm-page";
import { DealView } from "@/components/crm/deal-view";

export const metadata: Metadata = { title: "Сделка" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CrmPage>{() => <DealView dealId={id} />}</CrmPage>;
}
