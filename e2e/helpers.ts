import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo12345";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByTestId("sidebar")).toBeVisible();
}
