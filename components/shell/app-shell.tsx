"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTransition, type ReactNode } from "react";
import { Check, ChevronsUpDown, LogOut } from "lucide-react";
import { cn } from "@/components/ui/utils";
import {
  DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { signOutAction, switchCompanyAction } from "@/app/(app)/actions";
import { visibleNav } from "./nav";
import { NotificationBell } from "@/components/crm/notification-bell";

type TProps = {
  user: { name: string; email: string; superAdmin: boolean };
  companies: { id: string; name: string; role: string }[];
  active: { id: string; name: string; role: string; roleLabel: string; enabledModules: string[] };
  children: ReactNode;
};

export function AppShell({ user, companies, active, children }: TProps) {
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const nav = visibleNav({ enabledModules: active.enabledModules, isAdmin: active.role === "owner" || active.role === "admin", isSuperAdmin: user.superAdmin });

  return (
    <div className="flex min-h-screen bg-muted/40">
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col border-r border-border bg-surface" data-testid="sidebar">
        <div className="border-b border-border p-3">
          <DropdownMenu>
            <DropdownMenuTrigger
              className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-muted"
              data-testid="company-switcher"
              disabled={pending}
            >
              <div className="min-w-0 flex-1">
                <div className="truncate text-sm font-semibold" data-testid="active-company">{active.name}</div>
                <div className="truncate text-xs text-muted-foreground" data-testid="active-role">{active.roleLabel}</div>
              </div>
              <ChevronsUpDown className="size-4 text-muted-foreground" />
            </DropdownMenuTrigger>
            <DropdownMenuContent align="start" className="w-56">
              <DropdownMenuLabel>Компании</DropdownMenuLabel>
              {companies.map((c) => (
                <DropdownMenuItem
                  key={c.id}
                  data-testid={`switch-company-${c.name}`}
                  onSelect={() => c.id !== active.id && startTransition(() => switchCompanyAction(c.id))}
                >
                  <div className="min-w-0 flex-1">
                    <div className="truncate">{c.name}</div>
                    <div className="text-xs text-muted-foreground">{c.role}</div>
                  </div>
                  {c.id === active.id ? <Check className="size-4" /> : null}
                </DropdownMenuItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
        <nav className="flex-1 overflow-y-auto p-2" aria-label="Основная навигация">
          {nav.map((section, i) => (
            <div key={i} className="mb-3">
              {section.title ? <div className="px-2 pb-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{section.title}</div> : null}
              {section.items.map((item) => {
                const activeItem = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
                return (
                  <Link
                    key={item.href}
                    href={item.href}
                    className={cn(
                      "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-foreground/80 hover:bg-muted hover:text-foreground",
                      activeItem && "bg-muted font-medium text-foreground",
                    )}
                    aria-current={activeItem ? "page" : undefined}
                  >
                    <item.icon className="size-4" />
                    {item.label}
                  </Link>
                );
              })}
            </div>
          ))}
        </nav>
        <div className="border-t border-border p-3">
          <DropdownMenu>
            <DropdownMenuTrigger className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-muted" data-testid="user-menu">
              <div className="min-w-0 flex-1">
                <div className="truncate text-sm font-medium">{user.name}</div>
                <div className="truncate text-xs text-muted-foreground">{user.email}</div>
              </div>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="start" side="top" className="w-56">
              <DropdownMenuItem asChild><Link href="/account/password">Сменить пароль</Link></DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem variant="danger" data-testid="sign-out" onSelect={() => startTransition(() => signOutAction())}>
                <LogOut className="size-4" /> Выйти
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        {active.enabledModules.includes("crm") && active.role !== "viewer" ? (
          <header className="flex h-12 shrink-0 items-center justify-end gap-2 border-b border-border bg-surface px-6" data-testid="shell-header">
            <NotificationBell />
          </header>
        ) : null}
        <main className="min-w-0 flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
