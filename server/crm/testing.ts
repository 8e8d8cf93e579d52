/** CRM test helpers: a company with the crm module, its members, an insurer with products. */
import { callerFor, createCompany, createMember } from "../test/factories";

export async function crmCompany(name?: string) {
  const company = await createCompany(name, ["crm"]);
  const [owner, manager, seller, seller2, executor, executor2, viewer] = await Promise.all([
    createMember(company.id, "owner", { name: "Ольга Владелец" }),
    createMember(company.id, "manager", { name: "Мария Менеджер" }),
    createMember(company.id, "seller", { name: "Сергей Продавец" }),
    createMember(company.id, "seller", { name: "Семён Продавец" }),
    createMember(company.id, "executor", { name: "Елена Исполнитель" }),
    createMember(company.id, "executor", { name: "Егор Исполнитель" }),
    createMember(company.id, "viewer", { name: "Виктор Наблюдатель" }),
  ]);
  const as = (m: { user: { id: string; email: string; name: string } }) => callerFor(m.user, company.id);
  const ins = await as(owner).crm.saveInsurer({ name: "Ингосстрах", products: [{ name: "КАСКО", commissionRateBp: 1500 }, { name: "ОСАГО", commissionRateBp: 1000 }] });
  const ins2 = await as(owner).crm.saveInsurer({ name: "РЕСО", products: [{ name: "КАСКО", commissionRateBp: 1200 }] });
  const insurers = await as(owner).crm.insurers();
  const product = (insurer: string, name: string) => insurers.find((i) => i.name === insurer)!.products.find((p) => p.name === name)!.id;
  return {
    company, owner, manager, seller, seller2, executor, executor2, viewer, as,
    insurer: { ingos: ins.id, reso: ins2.id }, product: { ingosKasko: product("Ингосстрах", "КАСКО"), resoKasko: product("РЕСО", "КАСКО") },
  };
}
