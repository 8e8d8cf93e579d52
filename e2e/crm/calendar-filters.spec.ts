/**
 * The CRM calendar (the demo's overdue installment on its day, linking to the deal) and a saved filter of the
 * deals table (save, reset, pick, rename, delete with confirmation). Leaves no saved filter behind.
 */
import { expect, test } from "@playwright/test";
import { signIn } from "../helpers";

test.setTimeout(120_000);

test("calendar shows the overdue installment; a saved filter is saved, picked, renamed and deleted", async ({ page }) => {
  await signIn(page, "seller@demo.pult");

  // The demo deal «ДМС сотрудников ИП Козлов» has an installment due 10 days ago (partially paid).
  const now = new Date();
  const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 10)).toISOString().slice(0, 10);
  await page.goto("/crm/calendar");
  await expect(page.getByTestId("calendar-grid")).toBeVisible();
  if (due.slice(0, 7) !== now.toISOString().slice(0, 7)) await page.getByRole("button", { name: "Предыдущий месяц" }).click();
  await page.getByTestId(`calendar-day-${due}`).click();
  const item = page.getByTestId("calendar-item").filter({ hasText: "Взнос по полису ДМС-77-001" });
  await expect(item).toContainText("просрочено");
  await expect(item).toContainText(/35\s000/);
  // Only installments: the review date of the same day disappears from the list.
  await page.getByLabel("Даты просмотра").uncheck();
  await expect(page.getByTestId("calendar-item")).toHaveCount(1);
  await item.getByRole("link", { name: "ДМС сотрудников ИП Козлов" }).click();
  await expect(page).toHaveURL(/\/crm\/deals\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("deal-title")).toHaveText("ДМС сотрудников ИП Козлов");

  // Saved filter: search «Козлов», sorted by the review date.
  const name = `Козлов ${Date.now().toString(36)}`;
  await page.goto("/crm");
  const rows = page.getByTestId("deal-row");
  await expect(rows.first()).toBeVisible();
  await page.getByLabel("Поиск").fill("Козлов");
  await page.getByLabel("Сортировка").selectOption("reviewDate");
  await expect(rows).toHaveCount(1);
  await page.getByTestId("saved-filter-save").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Название").fill(name);
  await dialog.getByRole("button", { name: "Сохранить" }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole("button", { name: "Сбросить фильтры" }).click();
  await page.getByLabel("Сортировка").selectOption("updatedAt");
  await expect(rows.nth(1)).toBeVisible();
  await page.getByLabel("Сохранённые фильтры").selectOption({ label: name });
  await expect(page.getByLabel("Поиск")).toHaveValue("Козлов");
  await expect(page.getByLabel("Сортировка")).toHaveValue("reviewDate");
  await expect(rows).toHaveCount(1);

  await page.getByTestId("saved-filter-edit").click();
  await dialog.getByLabel("Название").fill(`${name} (ДМС)`);
  await dialog.getByRole("button", { name: "Сохранить" }).click();
  await expect(page.getByLabel("Сохранённые фильтры").locator("option", { hasText: `${name} (ДМС)` })).toHaveCount(1);

  await page.getByTestId("saved-filter-delete").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Удалить" }).click();
  await expect(page.getByLabel("Сохранённые фильтры").locator("option", { hasText: name })).toHaveCount(0);
});
