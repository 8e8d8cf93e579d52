import type { Metadata } from "next";
import { CrmPage } from "@/components/crm/crm-page";
import { MyTasksView } from "@/components/crm/my-tasks-view";

export const metadata: Metadata = { title: "Мои задачи" };

export default function Page() {
  return <CrmPage>{() => <MyTasksView />}</CrmPage>;
}
