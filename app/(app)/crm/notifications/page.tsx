import type { Metadata } from "next";
import { CrmPage } from "@/components/crm/crm-page";
import { NotificationSettingsView } from "@/components/crm/notification-settings-view";

export const metadata: Metadata = { title: "CRM: уведомления" };

export default function Page() {
  return <CrmPage>{() => <NotificationSettingsView />}</CrmPage>;
}
