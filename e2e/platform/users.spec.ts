import { expect, test } from "@playwright/test";
import { signIn } from "../helpers";

test("an admin invites a user by link; the invitee sets a password and signs in", async ({ page, browser }) => {
  const email = `new-${Date.now()}@demo.pult`;
  await signIn(page, "admin@demo.pult");
  await page.goto("/settings/users");
  await page.getByTestId("invite-open").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Имя").fill("Новый Сотрудник");
  await dialog.getByLabel("Роль", { exact: true }).selectOption("seller");
  await page.getByTestId("invite-submit").click();
  const link = await page.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{20,}$/);
  await page.getByRole("button", { name: "Готово" }).click();
  await expect(page.getByTestId("invitations-table")).toContainText(email);

  const invitee = await browser.newContext();
  const p2 = await invitee.newPage();
  await p2.goto(new URL(link).pathname);
  await expect(p2.getByText("ООО «Ромашка»")).toBeVisible();
  await p2.getByLabel("Пароль", { exact: true }).fill("secret-pass-1");
  await p2.getByLabel("Пароль ещё раз").fill("secret-pass-2");
  await p2.getByTestId("accept-submit").click();
  await expect(p2.getByTestId("accept-error")).toHaveText("Пароли не совпадают");
  await p2.getByLabel("Пароль", { exact: true }).fill("secret-pass-1");
  await p2.getByLabel("Пароль ещё раз").fill("secret-pass-1");
  await p2.getByTestId("accept-submit").click();
  await expect(p2).toHaveURL(/\/login/);
  await signIn(p2, email, "secret-pass-1");
  await expect(p2.getByTestId("active-role")).toHaveText("Продавец");

  // The link works once.
  await p2.goto(new URL(link).pathname);
  await expect(p2.getByTestId("invite-problem")).toContainText("уже использовано");
  await invitee.close();
});

test("an admin changes a role and deactivates a user, with confirmation", async ({ page }) => {
  await signIn(page, "admin@demo.pult");
  await page.goto("/settings/users");
  const row = page.getByTestId("member-executor@demo.pult");
  await row.getByLabel("Роль executor@demo.pult").selectOption("manager");
  await expect(page.getByText("Роль изменена")).toBeVisible();
  await row.getByTestId("deactivate-executor@demo.pult").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Отключить" }).click();
  await expect(row).toContainText("Отключён");
  await row.getByRole("button", { name: "Включить" }).click();
  await expect(row).toContainText("Активен");
  await row.getByLabel("Роль executor@demo.pult").selectOption("executor");
});

test("a user created with a one-time password must set their own at first sign-in", async ({ page, browser }) => {
  const email = `otp-${Date.now()}@demo.pult`;
  await signIn(page, "admin@demo.pult");
  await page.goto("/settings/users");
  await page.getByTestId("invite-open").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Имя").fill("Разовый Пароль");
  await dialog.getByLabel("Способ").selectOption("password");
  await dialog.getByTestId("invite-submit").click();
  const otp = (await page.getByTestId("invite-otp").textContent())!.trim();

  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  await p2.goto("/login");
  await p2.getByLabel("Email").fill(email);
  await p2.getByLabel("Пароль").fill(otp);
  await p2.getByRole("button", { name: "Войти" }).click();
  await expect(p2).toHaveURL(/\/account\/password/);
  await p2.getByLabel("Текущий пароль").fill(otp);
  await p2.getByLabel("Новый пароль", { exact: true }).fill("brand-new-pass");
  await p2.getByLabel("Новый пароль ещё раз").fill("brand-new-pass");
  await p2.getByRole("button", { name: "Сохранить" }).click();
  await expect(p2.getByTestId("sidebar")).toBeVisible();
  await ctx.close();
});
