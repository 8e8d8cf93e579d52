import { expect, test } from "@playwright/test";
import { signIn } from "../helpers";

test("wrong password shows a clear Russian message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("owner@demo.pult");
  await page.getByLabel("Пароль").fill("not-the-password");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Неверный email или пароль");
});

test("sign in, see the company and role, sign out", async ({ page }) => {
  await signIn(page, "admin@demo.pult");
  await expect(page.getByTestId("active-company")).toHaveText("ООО «Ромашка»");
  await expect(page.getByTestId("active-role")).toHaveText("Администратор");
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/login/);
});

test("a user in several companies switches company; navigation follows its modules", async ({ page }) => {
  await signIn(page, "owner@demo.pult");
  const nav = page.getByRole("navigation", { name: "Основная навигация" });
  await expect(nav.getByRole("link", { name: "CRM" })).toBeVisible();
  await page.getByTestId("company-switcher").click();
  await page.getByTestId("switch-company-ИП Лютиков").click();
  await expect(page.getByTestId("active-company")).toHaveText("ИП Лютиков");
  await expect(nav.getByRole("link", { name: "Выгрузки" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "CRM" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("active-company")).toHaveText("ИП Лютиков");
});

test("a viewer does not see settings, and the API refuses them", async ({ page }) => {
  await signIn(page, "viewer@demo.pult");
  await expect(page.getByRole("link", { name: "Пользователи" })).toHaveCount(0);
  const res = await page.request.get("/api/trpc/members.list?input=" + encodeURIComponent(JSON.stringify({ json: {} })));
  expect(res.status()).toBe(403);
});

test("security headers are sent on every page", async ({ page }) => {
  const res = await page.request.get("/login");
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-powered-by"]).toBeUndefined();
});
