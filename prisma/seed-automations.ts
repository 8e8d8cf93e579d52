/**
 * Demo data of cross-company automations and dealers (called from prisma/seed.ts, idempotent):
 * «Лютиков» gets its own simulated MoySklad account (a separate simulator instance), where «Ромашка» is a
 * counterparty (by INN) and Ромашка's first products exist under the same codes; the two companies are
 * linked (both sides confirmed) with the rule «отгрузка у Ромашки → приёмка у Лютикова»; Ромашка has two
 * dealers bound to its first counterparty (not subscribed yet: «Ссылка» in the UI gives the invitation).
 * The simulators start empty on every run, so their part (and the webhook subscriptions) is redone each time.
 */
import { withSystem, withTenant } from "../server/db";
import { saveIntegration } from "../server/connections/save-integration";
import { SYSTEM_ACTOR } from "../server/tenancy/roles";
import { createMoyskladClient } from "../server/integrations/moysklad/client";
import { enableLink } from "../server/automations/enable-link";
import { saveRule } from "../server/automations/save-rule";
import { syncWebhooks } from "../server/automations/sync-webhooks";
import { DEMAND_TO_SUPPLY_MAPPING } from "../server/automations/catalog";
import { saveDealer } from "../server/dealers/save-dealer";
import { createMoyskladAdmin } from "../sandbox/moysklad/admin";
import type { TSandbox } from "../sandbox";

export const DEMO_SHARED_PRODUCTS = 5;

export async function seedDemoAutomations(companies: Record<string, string>, sandbox: TSandbox): Promise<void> {
  const romashka = companies.romashka!;
  const lyutikov = companies.lyutikov!;

  // Лютиков's own MoySklad account.
  const hasMs = await withTenant(lyutikov, (tx) => tx.integrationConfig.count({ where: { kind: "moysklad" } }));
  if (!hasMs) {
    await saveIntegration({ companyId: lyutikov, actor: SYSTEM_ACTOR, kind: "moysklad", settings: sandbox.configs.moyskladPartner, secrets: { token: sandbox.configs.moyskladPartner.token } });
  }

  // Simulator data: Ромашка as a counterparty of Лютиков, shared products by code.
  const supplierClient = createMoyskladClient(sandbox.configs.moysklad, { limiter: null });
  const buyerClient = createMoyskladClient(sandbox.configs.moyskladPartner, { limiter: null });
  const partnerAdmin = createMoyskladAdmin(sandbox.simulators.moyskladPartner.url);
  const inn = (await withSystem((tx) => tx.company.findUnique({ where: { id: romashka }, select: { inn: true } })))?.inn ?? "7701234567";
  if ((await buyerClient.listAll({ entity: "counterparty", filter: `inn=${inn}` })).length === 0) {
    await partnerAdmin.create("counterparty", { name: "ООО «Ромашка»", inn, legalTitle: "Общество с ограниченной ответственностью «Ромашка»" });
  }
  const products = (await supplierClient.listPages({ entity: "product", limit: DEMO_SHARED_PRODUCTS }).next()).value?.rows ?? [];
  for (const p of products) {
    const code = (p as { code?: string }).code;
    if (!code) continue;
    if ((await buyerClient.listAll({ entity: "product", filter: `code=${code}` })).length === 0) {
      await partnerAdmin.create("product", { name: p.name, code });
    }
  }

  // The link, confirmed by both sides, and the demo rule.
  const links = await withTenant(romashka, (tx) => tx.companyLink.count());
  if (links === 0) {
    await enableLink({ companyId: romashka, actor: SYSTEM_ACTOR, partnerCompanyId: lyutikov });
    const link = await enableLink({ companyId: lyutikov, actor: SYSTEM_ACTOR, partnerCompanyId: romashka });
    await saveRule({
      companyId: romashka, actor: SYSTEM_ACTOR, name: "Отгрузка Ромашки → приёмка у Лютикова", linkId: link.id,
      sourceEvent: "demand.created", action: "supply", mapping: DEMAND_TO_SUPPLY_MAPPING as unknown as Record<string, unknown>,
      filters: [], idempotencyTemplate: "{{event.type}}:{{event.id}}",
    });
  }

  // Dealers of Ромашка, bound to its first counterparty.
  const dealers = await withTenant(romashka, (tx) => tx.dealer.count());
  if (dealers === 0) {
    const [counterparty] = await supplierClient.listAll({ entity: "counterparty", limit: 1 });
    if (counterparty) {
      await saveDealer({ companyId: romashka, actor: SYSTEM_ACTOR, name: "Пётр Дилеров", phone: "+7 900 111-22-33", counterpartyIds: [counterparty.id], salesPointIds: [] });
      await saveDealer({ companyId: romashka, actor: SYSTEM_ACTOR, name: "Анна Торгова", phone: "+7 900 444-55-66", counterpartyIds: [counterparty.id], salesPointIds: [] });
    }
  }
  // Fresh simulators: subscribe the MoySklad webhooks again.
  await syncWebhooks({ companyId: romashka });
}
