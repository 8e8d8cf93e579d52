import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const E2E_SANDBOX_FILE = path.join(process.cwd(), ".data", "e2e-sandbox.json");

/** Addresses of the simulators the e2e platform started (written by e2e/server.ts). */
export function e2eSandbox(): { urls: { googleSheets: string; moysklad: string }; spreadsheetId: string } {
  return JSON.parse(readFileSync(E2E_SANDBOX_FILE, "utf8"));
}

export const DEMO_PASSWORD = "demo12345";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByTestId("sidebar")).toBeVisible();
}
