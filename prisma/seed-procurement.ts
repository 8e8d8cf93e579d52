/**
 * Procurement demo data for «Ромашка» (idempotent): requisites and RFQ template, clients, suppliers (one of
 * them is the sandbox mailbox supplier@pult.local, so RFQs really arrive somewhere), the AI simulator's
 * answers for the sample emails, and a few sample client requests delivered into the sandbox INBOX — the
 * worker picks them up through IMAP like any other mail.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { withTenant } from "../server/db";
import { DEFAULT_RFQ_BODY } from "../server/procurement/settings";
import { PROCUREMENT_AI_REPLIES } from "../server/procurement/fixtures/ai-replies";
import type { TSandbox } from "../sandbox";

const FIXTURES = path.join(process.cwd(), "server", "procurement", "fixtures");

const CLIENTS = [
  { name: "ООО «СтройМонтаж»", email: "ivan.petrov@stroymontazh.ru", phone: "+7 (495) 123-45-67", inn: "7705123456" },
  { name: "ООО «АкваСервис»", email: "anna@aquaservice.ru", phone: "+7 (812) 555-12-34", inn: null },
];

const SUPPLIERS = [
  { name: "ООО «ПодшипникЦентр»", email: "supplier@pult.local", categories: ["подшипники", "ремни", "масла"], brands: ["SKF", "Gates", "Mobil"], phone: "+7 (495) 700-10-10" },
  { name: "ООО «МетизТорг»", email: "sales@metiz-torg.example", categories: ["подшипники", "крепёж"], brands: ["SKF", "DIN"], phone: null },
  { name: "ООО «Подшипник-Опт»", email: "zakaz@bearing-opt.example", categories: ["подшипники"], brands: ["FAG", "SKF"], phone: null },
  { name: "ООО «Электрокомплект»", email: "opt@electro-kit.example", categories: ["кабель", "автоматы", "электродвигатели"], brands: ["ABB", "IEK"], phone: null },
  { name: "ООО «ГидроПром»", email: "sales@gidroprom.example", categories: ["насосы", "манометры"], brands: ["Grundfos", "WIKA"], phone: null },
];

const SAMPLE_REQUESTS = ["client-plain-utf8.eml", "client-html-only.eml", "client-cp1251.eml", "client-forwarded.eml"];

export async function seedProcurement(companyId: string, sandbox: TSandbox | null): Promise<void> {
  // The simulator answers the sample emails deterministically (kept across its resets).
  sandbox?.simulators.openai.seed({ replies: PROCUREMENT_AI_REPLIES }, { persistent: true });

  const fresh = await withTenant(companyId, async (tx) => {
    const existing = await tx.procSettings.findUnique({ where: { companyId } });
    if (existing) return false;
    await tx.procSettings.create({
      data: {
        companyId,
        legalName: "ООО «Ромашка»",
        inn: "7701234567",
        kpp: "770101001",
        address: "125009, г. Москва, ул. Тверская, д. 7, офис 12",
        phone: "+7 (495) 111-22-33",
        email: "manager@pult.local",
        bankDetails: "р/с 40702810900000012345 в АО «Банк», БИК 044525000, к/с 30101810400000000000",
        rfqBody: DEFAULT_RFQ_BODY,
      },
    });
    for (const c of CLIENTS) await tx.procClient.create({ data: { companyId, ...c } });
    for (const s of SUPPLIERS) await tx.procSupplier.create({ data: { companyId, ...s } });
    return true;
  });

  // Sample requests land in the sandbox mailbox once; the IDLE watcher (or the schedule) turns them into orders.
  if (fresh && sandbox?.imap && sandbox.configs.mail) {
    for (const name of SAMPLE_REQUESTS) {
      await sandbox.imap.deliver(sandbox.configs.mail.username, readFileSync(path.join(FIXTURES, name)));
    }
  }
}
