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
  // The run history: trigger, status, counters, the next scheduled time.
  await sales.getByTestId("exporter-settings-sales").click();
  await page.getByRole("dialog").getByRole("tab", { name: "История запусков" }).click();
  await expect(page.getByTestId("exporter-next-run")).toContainText("Следующий запуск по расписанию");
  const lastRun = page.getByTestId("exporter-run").first();
  await expect(lastRun.getByTestId("exporter-run-trigger")).toHaveText("Вручную");
  await expect(lastRun.getByTestId("exporter-run-status")).toHaveText("Успешно");
  await page.keyboard.press("Escape");

  await sales.getByTestId("exporter-status-sales").click();
  await expect(page.getByTestId("job-status")).toHaveText("Успешно");
  await expect(page.getByTestId("job-progress")).toHaveAttribute("aria-valuenow", "100");

  const { urls, spreadsheetId } = e2eSandbox();
  await page.goto(`${new URL(urls.googleSheets).origin}/__sandbox/view/${spreadsheetId}`);
  await page.getByRole("link", { name: "Продажи", exact: true }).click();
  await expect(page.locator("table")).toContainText("Номер");
  await expect(page.locator("table")).toContainText("Контрагент");
  // Dates are date values shown with the sheet's date format (not text).
  await expect(page.locator("table")).toContainText(/\d{2}\.\d{2}\.20\d{2} \d{2}:\d{2}/);
  expect(await page.locator("table tr").count()).toBeGreaterThan(2);
});

test("a viewer sees the exporters but cannot change them", async ({ page }) => {
  await signIn(page, "viewer@demo.pult");
  await page.goto("/exports");
  await expect(page.getByTestId("exporter-toggle-orders")).toBeDisabled();
  await expect(page.getByTestId("exports-run-all")).toHaveCount(0);
});

test("a spreadsheet not shared with the service account: the run fails at once with the reason and a hint, the exporter shows it", async ({ page }) => {
  const { urls, spreadsheetId } = e2eSandbox();
  const sim = new URL(urls.googleSheets).origin;
  const share = (email: string, role: "writer" | "none") =>
    fetch(`${sim}/__sandbox/spreadsheets/${spreadsheetId}/share`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, role }) });
  const { sharedWith } = (await (await fetch(`${sim}/__sandbox/spreadsheets/${spreadsheetId}`)).json()) as { sharedWith: string[] };
  const email = sharedWith[0]!;
  await share(email, "none");
  try {
    await signIn(page, "owner@demo.pult");
    await page.goto("/exports");
    const orders = page.getByTestId("exporter-orders");
    await orders.getByTestId("exporter-run-orders").click();
    await expect(orders.getByTestId("exporter-status-orders")).toHaveText("Ошибка", { timeout: 30_000 });
    const error = orders.getByTestId("exporter-error-orders");
    await expect(error).toContainText("Не работает");
    await expect(error).toContainText(email);
    await expect(error).toContainText("Откройте доступ");

    await orders.getByTestId("exporter-settings-orders").click();
    await page.getByRole("dialog").getByRole("tab", { name: "История запусков" }).click();
    await expect(page.getByTestId("exporter-run-error").first()).toContainText("«Редактор»");
    await page.keyboard.press("Escape");
  } finally {
    await share(email, "writer");
  }
  // Access given back: the next run succeeds and the exporter is no longer failing.
  const orders = page.getByTestId("exporter-orders");
  await orders.getByTestId("exporter-run-orders").click();
  await expect(orders.getByTestId("exporter-status-orders")).toHaveText("Успешно", { timeout: 60_000 });
  await expect(orders.getByTestId("exporter-error-orders")).toHaveCount(0);
});

test("a run shows live progress on the exporter row and can be cancelled", async ({ page }) => {
  const { urls } = e2eSandbox();
  const ms = new URL(urls.moysklad).origin;
  const seed = (body: unknown) => fetch(`${ms}/__sandbox/seed`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const { latencyMs, timeScale } = (await (await fetch(`${ms}/__sandbox/state`)).json()) as { latencyMs: number; timeScale: number };
  // A slow MoySklad: the run takes long enough to watch and stop.
  await seed({ latencyMs: 1500, timeScale: 1 });
  try {
    await signIn(page, "owner@demo.pult");
    await page.goto("/exports");
    const orders = page.getByTestId("exporter-orders");
    await orders.getByTestId("exporter-run-orders").click();
    await expect(orders.getByTestId("exporter-progress-orders")).toBeVisible();
    await expect(orders.getByTestId("exporter-progress-orders")).toContainText("страниц:");
    await orders.getByTestId("exporter-cancel-orders").click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Остановить" }).click();
    await expect(orders.getByTestId("exporter-status-orders")).toHaveText("Отменено", { timeout: 45_000 });
    await expect(orders.getByTestId("exporter-progress-orders")).toHaveCount(0);
  } finally {
    await seed({ latencyMs, timeScale });
  }
});
