import { expect, test } from "@playwright/test";
import { telegramDemo } from "../../sandbox/telegram/server";
import { signIn } from "../helpers";

test("an integration check runs in the background against the simulator: success, then failure", async ({ page }) => {
  await signIn(page, "owner@demo.pult");
  await page.goto("/settings/integrations");
  const card = page.getByTestId("integration-telegram");
  await expect(card.getByLabel("Токен бота")).toHaveValue("");
  await expect(card.getByText("задан", { exact: true })).toBeVisible();

  await card.getByTestId("integration-check").click();
  await expect(card.getByTestId("integration-status")).toHaveText("Работает");
  await expect(card.getByTestId("integration-summary")).toContainText("pult_sandbox_bot");

  await card.getByLabel("Токен бота").fill("123456:wrong-token");
  await card.getByTestId("integration-save").click();
  await expect(page.getByText("Telegram-бот: настройки сохранены")).toBeVisible();
  await expect(card.getByTestId("integration-status")).toHaveText("Не проверено");
  await card.getByTestId("integration-check").click();
  await expect(card.getByTestId("integration-status")).toHaveText("Ошибка");
  await expect(card.getByTestId("integration-error")).not.toBeEmpty();
  await expect(card.getByTestId("integration-error")).not.toContainText("wrong-token");

  // The runs are on the job-runs page with their step events.
  await page.goto("/jobs");
  const failed = page.getByTestId("job-run-row").filter({ hasText: "Проверка подключения" }).first();
  await expect(failed).toContainText("Ошибка");
  await failed.getByRole("link").click();
  await expect(page.getByTestId("job-status")).toHaveText("Ошибка");
  await expect(page.getByTestId("job-events").getByTestId("job-event").first()).toBeVisible();

  // The demo bot token back: later specs (dealers, the managers' bot) talk to the bot through it.
  await page.goto("/settings/integrations");
  await card.getByLabel("Токен бота").fill(telegramDemo.token);
  await card.getByTestId("integration-save").click();
  await card.getByTestId("integration-check").click();
  await expect(card.getByTestId("integration-status")).toHaveText("Работает");
});

test("invalid settings are refused with a clear message and nothing is saved", async ({ page }) => {
  await signIn(page, "owner@demo.pult");
  await page.goto("/settings/integrations");
  const card = page.getByTestId("integration-amocrm");
  const before = await card.getByLabel("Адрес аккаунта").inputValue();
  await card.getByLabel("Адрес аккаунта").fill("not a url");
  await card.getByTestId("integration-save").click();
  await expect(card.getByText(/URL|адрес/i).first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("integration-amocrm").getByLabel("Адрес аккаунта")).toHaveValue(before);
});

test("the demo job shows live progress and its step events", async ({ page }) => {
  await signIn(page, "admin@demo.pult");
  await page.goto("/jobs");
  await page.getByTestId("run-demo-job").click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("job-status")).toHaveText("Успешно");
  await expect(page.getByTestId("job-progress")).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("job-event").filter({ hasText: "finish" }).first()).toBeVisible();
});
