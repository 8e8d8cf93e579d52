import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/get-current-user";
import { listIntegrations } from "@/server/connections/list-integrations";
import { MODULES } from "@/server/tenancy/modules";
import { ROLE_LABELS } from "@/server/tenancy/roles";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonVariants } from "@/components/ui/button";

export default async function HomePage() {
  const current = await getCurrentUser();
  if (!current?.active) redirect("/login");
  const { active } = current;
  const isAdmin = active.role === "owner" || active.role === "admin";
  const modules = MODULES.filter((m) => active.enabledModules.includes(m.id));
  const integrations = isAdmin ? await listIntegrations({ companyId: active.companyId }) : [];
  const configured = integrations.filter((i) => i.configured);
  return (
    <div className="space-y-6">
      <PageHeader title={`Здравствуйте, ${current.user.name}`} description={`${active.name} · ${ROLE_LABELS[active.role]}`} />
      {modules.length === 0 ? (
        <EmptyState
          title="Модули не включены"
          description="Включите нужные модули в настройках компании, и они появятся в меню."
          action={isAdmin ? <Link className={buttonVariants()} href="/settings/company">Настройки компании</Link> : undefined}
        />
      ) : (
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="home-modules">
          {modules.map((m) => (
            <Link key={m.id} href={`/${m.id}`} className="block">
              <Card className="h-full transition-shadow hover:shadow-md">
                <CardHeader><CardTitle>{m.label}</CardTitle><CardDescription>{m.description}</CardDescription></CardHeader>
              </Card>
            </Link>
          ))}
        </div>
      )}
      {isAdmin ? (
        <Card className="max-w-2xl">
          <CardHeader>
            <CardTitle>Интеграции</CardTitle>
            <CardDescription>Настроено {configured.length} из {integrations.length}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-wrap gap-2">
            {configured.length === 0 ? <span className="text-sm text-muted-foreground">Пока ничего не подключено. <Link className="text-primary hover:underline" href="/settings/integrations">Подключить</Link></span> : configured.map((i) => (
              <Badge key={i.kind} variant={i.status === "ok" ? "success" : i.status === "error" ? "danger" : "neutral"}>{i.title}</Badge>
            ))}
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
