import { ModuleOverview } from "@/components/modules/module-overview";

export default function Page() {
  return <ModuleOverview module="sync" />;
}
