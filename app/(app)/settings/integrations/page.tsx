import type { Metadata } from "next";
import { IntegrationsView } from "@/components/settings/integrations-view";

export const metadata: Metadata = { title: "Интеграции" };

export default function IntegrationsPage() {
  return <IntegrationsView />;
}
