import { expect, test } from "@playwright/test";
import { e2eSandbox, signIn } from "../helpers";

test("an admin ticks an exporter, runs it now, watches it finish, and the rows appear in the spreadsheet", async ({ page }) => {
  await signIn(page, "owner@demo.pult");
  await page.goto("/exports");
  await expect(page.getByTestId("exports-area-sales")).toBeVisible();
  // The demo already exports orders; tick «Продажи».
  await expect(page.getByTestId("exporter-toggle-orders")).toBeChecked();
  const sales = page.getByTestId("exporter-sales");
  await sales.getByTestId("exporter-toggle-sales").check();
  await expect(sales).toContainText("Лист «Продажи»");

  // Its settings: strategy and schedule.
  await sales.getByTestId("exporter-settings-sales").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Способ записи").selectOption("replace");
  await dialog.getByLabel("Расписание").selectOption("daily");
  await dialog.getByLabel("Время (ЧЧ:ММ)").fill("06:45");
  await dialog.getByTestId("exporter-save").click();
  await expect(sales).toContainText("полная замена · Ежедневно в 06:45");

  await sales.getByTestId("exporter-run-sales").click();
  await expect(sales.getByTestId("exporter-status-sales")).toHaveText("Успешно", { timeout: 60_000 });
  await sales.getByTestId("exporter-status-sales").click();
  await expect(page.getByTestId("job-status")).toHaveText("Успешно");
  await expect(page.getByTestId("job-progress")).toHaveAttribute("aria-valuenow", "100");

  const { urls, spreadsheetId } = e2eSandbox();
  await page.goto(`${new URL(urls.googleSheets).origin}/__sandbox/view/${spreadsheetId}`);
  await page.getByRole("link", { name: "Продажи", exact: true }).click();
  await expect(page.locator("table")).toContainText("Номер");
  await expect(page.locator("table")).toContainText("Контрагент");
  expect(await page.locator("table tr").count()).toBeGreaterThan(2);
});

test("a viewer sees the exporters but cannot change them", async ({ page }) => {
  await signIn(page, "viewer@demo.pult");
  await page.goto("/exports");
  await expect(page.getByTestId("exporter-toggle-orders")).toBeDisabled();
  await expect(page.getByTestId("exports-run-all")).toHaveCount(0);
});
