import Link from "next/link";
import { cn } from "@/components/ui/utils";

const TABS = [
  { href: "/procurement", label: "Заявки" },
  { href: "/procurement/clients", label: "Клиенты" },
  { href: "/procurement/suppliers", label: "Поставщики" },
  { href: "/procurement/analytics", label: "Аналитика" },
  { href: "/procurement/settings", label: "Настройки" },
];

/** Section links of the procurement module. */
export function ProcurementTabs({ active }: { active: string }) {
  return (
    <nav className="flex gap-1 border-b border-border" aria-label="Разделы закупок">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={active === t.href ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            active === t.href ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
