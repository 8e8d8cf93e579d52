/** Saved filters of the deals table: per user and company, rename / overwrite / share / delete, bad input, audit, tenancy. */
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { crmCompany } from "./testing";

let t: Awaited<ReturnType<typeof crmCompany>>;
let other: Awaited<ReturnType<typeof crmCompany>>;
const filters = { search: "лада", stage: "negotiation" as const, sellerId: "", executorId: "", insurerId: "", reviewFrom: "2026-12-01", reviewTo: "2026-12-31", sort: "reviewDate" as const };

beforeAll(async () => {
  t = await crmCompany("Фильтры");
  other = await crmCompany("Чужая");
});

describe("saved deal filters", () => {
  it("a member saves, lists, renames and overwrites their own filter", async () => {
    const s = t.as(t.seller);
    const { id } = await s.crm.saveFilter({ name: "Декабрь", filters: { ...filters, executorId: t.executor.user.id } });
    let list = await s.crm.savedFilters();
    expect(list).toMatchObject([{ id, name: "Декабрь", shared: false, mine: true, authorName: "Сергей Продавец", filters: { ...filters, executorId: t.executor.user.id } }]);
    await s.crm.saveFilter({ id, name: "Продления декабря" });
    await s.crm.saveFilter({ id, name: "Продления декабря", filters: { ...filters, stage: "" } });
    list = await s.crm.savedFilters();
    expect(list).toMatchObject([{ id, name: "Продления декабря", filters: { ...filters, stage: "" } }]);
    const audit = await withTenant(t.company.id, (tx) => tx.auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } }));
    expect(audit.map((a) => a.action)).toEqual(["crm.saved_filter.created", "crm.saved_filter.updated", "crm.saved_filter.updated"]);
    // Others do not see a private filter.
    expect(await t.as(t.seller2).crm.savedFilters()).toEqual([]);
  });

  it("refuses duplicate names, empty names and bad values with Russian messages; nothing is saved", async () => {
    const s = t.as(t.seller);
    await expect(s.crm.saveFilter({ name: "Продления декабря", filters })).rejects.toThrow("Фильтр «Продления декабря» уже есть");
    await expect(s.crm.saveFilter({ name: "  ", filters })).rejects.toThrow("Введите название фильтра");
    await expect(s.crm.saveFilter({ name: "Плохой", filters: { ...filters, stage: "nope" as never } })).rejects.toThrow();
    await expect(s.crm.saveFilter({ name: "Плохой", filters: { ...filters, reviewFrom: "2026-13-01" } })).rejects.toThrow();
    await expect(s.crm.saveFilter({ name: "Без значений" })).rejects.toThrow("Нет значений фильтра");
    expect((await s.crm.savedFilters()).map((f) => f.name)).toEqual(["Продления декабря"]);
  });

  it("a shared filter is visible to the company; only its author changes it, owners and admins may delete it", async () => {
    const s = t.as(t.seller);
    const { id } = await s.crm.saveFilter({ name: "Общий: просрочка", filters, shared: true });
    const seen = await t.as(t.seller2).crm.savedFilters();
    expect(seen).toMatchObject([{ id, name: "Общий: просрочка", shared: true, mine: false, authorName: "Сергей Продавец" }]);
    await expect(t.as(t.seller2).crm.saveFilter({ id, name: "Моё" })).rejects.toThrow("Изменять фильтр может только его автор");
    await expect(t.as(t.seller2).crm.deleteSavedFilter({ id })).rejects.toThrow("владелец или администратор");
    await t.as(t.owner).crm.deleteSavedFilter({ id });
    expect((await s.crm.savedFilters()).map((f) => f.name)).toEqual(["Продления декабря"]);
  });

  it("the author deletes their own filter", async () => {
    const s = t.as(t.seller);
    const [f] = await s.crm.savedFilters();
    await s.crm.deleteSavedFilter({ id: f!.id });
    expect(await s.crm.savedFilters()).toEqual([]);
    await expect(s.crm.deleteSavedFilter({ id: f!.id })).rejects.toThrow("Фильтр не найден");
  });

  it("tenancy: another company's members never see or touch the filters", async () => {
    const { id } = await t.as(t.seller).crm.saveFilter({ name: "Общий", filters, shared: true });
    expect(await other.as(other.owner).crm.savedFilters()).toEqual([]);
    await expect(other.as(other.owner).crm.deleteSavedFilter({ id })).rejects.toThrow("Фильтр не найден");
    await expect(other.as(other.owner).crm.saveFilter({ id, name: "Взлом" })).rejects.toThrow("Фильтр не найден");
    expect(await withTenant(other.company.id, (tx) => tx.crmSavedFilter.updateMany({ data: { name: "x" } }))).toMatchObject({ count: 0 });
    expect((await t.as(t.seller).crm.savedFilters()).map((f) => f.name)).toEqual(["Общий"]);
  });
});
