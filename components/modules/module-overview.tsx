import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { listIntegrations } from "@/server/connections/list-integrations";
import { MODULES, type TModuleId } from "@/server/tenancy/modules";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

const STATUS_LABEL = { ok: ["Работает", "success"], error: ["Ошибка", "danger"], checking: ["Проверяется", "info"], unchecked: ["Не проверено", "neutral"] } as const;

/** A module's landing page: what it does and whether the integrations it needs are connected. */
export async function ModuleOverview({ module }: { module: TModuleId }) {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  const meta = MODULES.find((m) => m.id === module)!;
  const isAdmin = current.active.role === "owner" || current.active.role === "admin";
  if (!current.active.enabledModules.includes(module)) {
    return (
      <EmptyState
        title="Модуль не включён"
        description={`«${meta.label}» выключен для компании «${current.active.name}».`}
        action={isAdmin ? <Link className={buttonVariants()} href="/settings/company">Включить в настройках компании</Link> : undefined}
        data-testid="module-disabled"
      />
    );
  }
  const integrations = (await listIntegrations({ companyId: current.active.companyId })).filter((i) => (meta.integrations as readonly string[]).includes(i.kind));
  return (
    <div className="space-y-6" data-testid={`module-${module}`}>
      <PageHeader title={meta.label} description={meta.description} />
      <Card className="max-w-2xl">
        <CardHeader><CardTitle>Нужные подключения</CardTitle></CardHeader>
        <CardContent className="divide-y divide-border">
          {integrations.map((i) => {
            const [label, variant] = i.configured ? STATUS_LABEL[i.status] : (["Не настроено", "warning"] as const);
            return (
              <div key={i.kind} className="flex items-center justify-between py-2 text-sm">
                <span>{i.title}</span>
                <span className="flex items-center gap-3">
                  <Badge variant={variant}>{label}</Badge>
                  {isAdmin ? <Link className="text-primary hover:underline" href="/settings/integrations">Настроить</Link> : null}
                </span>
              </div>
            );
          })}
        </CardContent>
      </Card>
    </div>
  );
}
