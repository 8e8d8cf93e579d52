import { Boxes, Building2, ClipboardList, FileSpreadsheet, History, Home, Plug, RefreshCw, Sparkles, Users, Workflow, ShoppingCart } from "lucide-react";
import type { LucideIcon } from "lucide-react";

export type TNavItem = { href: string; label: string; icon: LucideIcon; module?: string; adminOnly?: boolean; superAdminOnly?: boolean };

export const NAV_SECTIONS: { title?: string; items: TNavItem[] }[] = [
  { items: [{ href: "/", label: "Главная", icon: Home }] },
  {
    title: "Модули",
    items: [
      { href: "/exports", label: "Выгрузки", icon: FileSpreadsheet, module: "exports" },
      { href: "/automations", label: "Автоматизации", icon: Workflow, module: "automations" },
      { href: "/procurement", label: "Закупки", icon: ShoppingCart, module: "procurement" },
      { href: "/crm", label: "CRM", icon: Boxes, module: "crm" },
      { href: "/analytics", label: "Аналитика", icon: Sparkles, module: "analytics" },
      { href: "/sync", label: "Синхронизация 1С", icon: RefreshCw, module: "sync" },
    ],
  },
  {
    title: "Платформа",
    items: [
      { href: "/jobs", label: "Фоновые задачи", icon: ClipboardList },
      { href: "/audit", label: "Журнал изменений", icon: History, adminOnly: true },
      { href: "/platform/companies", label: "Компании платформы", icon: Building2, superAdminOnly: true },
    ],
  },
  {
    title: "Настройки",
    items: [
      { href: "/settings/company", label: "Компания", icon: Building2, adminOnly: true },
      { href: "/settings/users", label: "Пользователи", icon: Users, adminOnly: true },
      { href: "/settings/integrations", label: "Интеграции", icon: Plug, adminOnly: true },
    ],
  },
];


/** The navigation a member sees: enabled modules only; settings and audit for owners/admins; platform pages for super admins. */
export function visibleNav(opts: { enabledModules: string[]; isAdmin: boolean; isSuperAdmin: boolean }) {
  return NAV_SECTIONS.map((s) => ({
    ...s,
    items: s.items.filter((i) => (!i.module || opts.enabledModules.includes(i.module)) && (!i.adminOnly || opts.isAdmin) && (!i.superAdminOnly || opts.isSuperAdmin)),
  })).filter((s) => s.items.length > 0);
}
