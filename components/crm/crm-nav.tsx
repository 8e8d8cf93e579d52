"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/utils";

const ITEMS = [
  { href: "/crm", label: "Сделки", exact: true },
  { href: "/crm/board", label: "Доска" },
  { href: "/crm/tasks", label: "Мои задачи" },
  { href: "/crm/calendar", label: "Календарь" },
  { href: "/crm/reports", label: "Отчёты" },
  { href: "/crm/clients", label: "Клиенты" },
  { href: "/crm/insurers", label: "Страховщики" },
  { href: "/crm/notifications", label: "Уведомления" },
];

/** Sub-navigation of the CRM pages. */
export function CrmNav() {
  const pathname = usePathname();
  return (
    <nav className="mb-4 flex gap-1 border-b border-border" aria-label="Разделы CRM" data-testid="crm-nav">
      {ITEMS.map((i) => {
        const active = i.exact ? pathname === i.href : pathname.startsWith(i.href);
        return (
          <Link key={i.href} href={i.href} aria-current={active ? "page" : undefined}
            className={cn("-mb-px border-b-2 border-transparent px-3 py-2 text-sm text-muted-foreground hover:text-foreground", active && "border-primary font-medium text-foreground")}>
            {i.label}
          </Link>
        );
      })}
    </nav>
  );
}
