/**
 * Demo data, idempotent: two companies, a user of every role, the integrations of the first company pointed
 * at the sandbox simulators. Run by `npm run dev`; standalone: `npm run seed` (needs the sandbox URLs, so it
 * starts the sandbox on its default ports if nothing is passed).
 */
import { withSystem } from "../server/db";
import { hashPassword } from "../server/auth/passwords";
import { saveIntegration } from "../server/connections/save-integration";
import { SYSTEM_ACTOR, type TRole } from "../server/tenancy/roles";
import { MODULE_IDS } from "../server/tenancy/modules";
import type { TIntegrationKind } from "../server/connections/catalog";
import type { TSandbox } from "../sandbox";
import { saveExportSettings } from "../server/exports/save-export-settings";
import { saveExportConfig } from "../server/exports/save-export-config";
import { seedDemoCrm } from "./seed-crm";
import { seedDemoAutomations } from "./seed-automations";
import { seedProcurement } from "./seed-procurement";

export const DEMO_PASSWORD = "demo12345";

export const DEMO_COMPANIES = [
  { slug: "romashka", name: "ООО «Ромашка»", inn: "7701234567", timezone: "Europe/Moscow", enabledModules: [...MODULE_IDS] },
  { slug: "lyutikov", name: "ИП Лютиков", inn: "660123456789", timezone: "Asia/Yekaterinburg", enabledModules: ["exports", "automations"] },
] as const;

export const DEMO_USERS: { email: string; name: string; superAdmin?: boolean; roles: Partial<Record<(typeof DEMO_COMPANIES)[number]["slug"], TRole>> }[] = [
  { email: "owner@demo.pult", name: "Ольга Владелец", superAdmin: true, roles: { romashka: "owner", lyutikov: "owner" } },
  { email: "admin@demo.pult", name: "Антон Администратор", roles: { romashka: "admin" } },
  { email: "manager@demo.pult", name: "Мария Менеджер", roles: { romashka: "manager", lyutikov: "manager" } },
  { email: "seller@demo.pult", name: "Сергей Продавец", roles: { romashka: "seller" } },
  { email: "executor@demo.pult", name: "Елена Исполнитель", roles: { romashka: "executor" } },
  { email: "viewer@demo.pult", name: "Виктор Наблюдатель", roles: { romashka: "viewer" } },
  { email: "dealer-admin@demo.pult", name: "Дмитрий Лютиков", roles: { lyutikov: "admin" } },
];

function sandboxConfigs(sb: TSandbox): Partial<Record<TIntegrationKind, Record<string, unknown>>> {
  const c = sb.configs;
  return {
    moysklad: c.moysklad, google_sheets: c.googleSheets, telegram: c.telegram, ai: c.ai, amocrm: c.amocrm,
    radist: c.radist, bitrix24: c.bitrix24, onec: c.onec, ...(c.mail ? { mail: c.mail } : {}),
  };
}

export async function seedDemo(opts: { sandbox: TSandbox | null }): Promise<{ companies: number; users: number; integrations: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const companies = await withSystem(async (tx) => {
    const ids: Record<string, string> = {};
    for (const c of DEMO_COMPANIES) {
      const row = await tx.company.upsert({
        where: { slug: c.slug },
        update: {},
        create: { slug: c.slug, name: c.name, inn: c.inn, timezone: c.timezone, enabledModules: [...c.enabledModules] },
      });
      ids[c.slug] = row.id;
    }
    for (const u of DEMO_USERS) {
      const user = await tx.user.upsert({
        where: { email: u.email },
        update: {},
        create: { email: u.email, name: u.name, passwordHash, superAdmin: u.superAdmin ?? false },
      });
      for (const [i, [slug, role]] of Object.entries(u.roles).entries()) {
        await tx.membership.upsert({
          where: { companyId_userId: { companyId: ids[slug]!, userId: user.id } },
          update: {},
          // The first listed company is where the user lands after sign-in (earliest membership).
          create: { companyId: ids[slug]!, userId: user.id, role: role!, createdAt: new Date(Date.now() + i) },
        });
      }
    }
    return ids;
  });

  let integrations = 0;
  if (opts.sandbox) {
    const companyId = companies.romashka!;
    const existing = await withSystem((tx) => tx.integrationConfig.findMany({ where: { companyId }, select: { kind: true } }));
    for (const [kind, config] of Object.entries(sandboxConfigs(opts.sandbox)) as [TIntegrationKind, Record<string, unknown>][]) {
      if (existing.some((e) => e.kind === kind)) continue;
      const secrets = Object.fromEntries(Object.entries(config).filter(([, v]) => typeof v === "string")) as Record<string, string>;
      await saveIntegration({ companyId, actor: SYSTEM_ACTOR, kind, settings: config, secrets });
      integrations++;
    }
  }
  if (opts.sandbox) await seedDemoExports(companies.romashka!, opts.sandbox);
  await seedDemoCrm(companies.romashka!);
  if (opts.sandbox) await seedDemoAutomations(companies, opts.sandbox);
  await seedProcurement(companies.romashka!, opts.sandbox);
  return { companies: DEMO_COMPANIES.length, users: DEMO_USERS.length, integrations };
}

/** The demo company exports a few things into the simulated spreadsheet on a schedule. */
async function seedDemoExports(companyId: string, sandbox: TSandbox): Promise<void> {
  const existing = await withSystem((tx) => tx.exportConfig.count({ where: { companyId } }));
  if (existing > 0) return;
  await saveExportSettings({ companyId, actor: SYSTEM_ACTOR, spreadsheet: sandbox.credentials.googleSheets.spreadsheetId });
  const demo = [
    { exporter: "orders", sheetName: "Заказы покупателей", strategy: "upsert", incremental: true, schedule: { kind: "hourly" } },
    { exporter: "order_positions", sheetName: "Позиции заказов", strategy: "append", incremental: true, schedule: { kind: "every15" } },
    { exporter: "counterparties", sheetName: "Контрагенты", strategy: "replace", incremental: false, schedule: { kind: "daily", time: "07:00" } },
  ] as const;
  for (const d of demo) {
    await saveExportConfig({ companyId, actor: SYSTEM_ACTOR, enabled: true, columns: [], ...d, schedule: { ...d.schedule } });
  }
}
