import type { Metadata } from "next";
import { CrmPage } from "@/components/crm/crm-page";
import { CalendarView } from "@/components/crm/calendar-view";

export const metadata: Metadata = { title: "CRM: календарь" };

export default function Page() {
  return <CrmPage>{() => <CalendarView />}</CrmPage>;
}
