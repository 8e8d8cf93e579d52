import { expect, test } from "@playwright/test";
import { signIn } from "../helpers";

test("changes appear in the audit trail with actor and masked secrets; filters work", async ({ page }) => {
  await signIn(page, "owner@demo.pult");
  await page.goto("/settings/integrations");
  // Radist: no other spec relies on its key (the AI key, say, is what the procurement spec parses emails with).
  const card = page.getByTestId("integration-radist");
  await card.getByLabel("API-ключ").fill("sk-super-secret-value");
  await card.getByTestId("integration-save").click();
  await expect(page.getByText("Radist.Online: настройки сохранены")).toBeVisible();

  await page.goto("/audit");
  await page.getByLabel("Действие").selectOption("integration.updated");
  const row = page.getByTestId("audit-row").first();
  await expect(row).toContainText("Ольга Владелец");
  await row.click();
  const changes = page.getByTestId("audit-changes");
  await expect(changes).toContainText("apiKey");
  await expect(changes).not.toContainText("sk-super-secret-value");
  await page.getByLabel("Пользователь").selectOption({ label: "Виктор Наблюдатель" });
  await expect(page.getByText("Записей нет")).toBeVisible();
});

test("a member of another company cannot open this company's job run", async ({ page, browser }) => {
  await signIn(page, "admin@demo.pult");
  await page.goto("/jobs");
  await page.getByTestId("run-demo-job").click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop()!;

  const other = await browser.newContext();
  const p2 = await other.newPage();
  await signIn(p2, "dealer-admin@demo.pult");
  await expect(p2.getByTestId("active-company")).toHaveText("ИП Лютиков");
  const res = await p2.request.get("/api/trpc/jobs.get?input=" + encodeURIComponent(JSON.stringify({ json: { id } })));
  expect(res.status()).toBe(404);
  await p2.goto(`/jobs/${id}`);
  await expect(p2.getByText("Задача не найдена")).toBeVisible();
  await other.close();
});
