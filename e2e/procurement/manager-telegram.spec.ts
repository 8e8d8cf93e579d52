import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import nodemailer from "nodemailer";
import { E2E_SANDBOX_FILE, signIn } from "../helpers";
import { mailDemo } from "../../sandbox/index";
import { createTelegramAdmin } from "../../sandbox/telegram/admin";
import { telegramDemoUsers } from "../../sandbox/telegram/server";

type THostPort = { host: string; port: number };
const sandbox = () => JSON.parse(readFileSync(E2E_SANDBOX_FILE, "utf8")) as { urls: { smtp: THostPort; telegram: string } };

test("a manager links Telegram with a one-time code and gets a «new order» message with buttons", async ({ page }) => {
  test.setTimeout(120_000);
  const tg = createTelegramAdmin(sandbox().urls.telegram);
  const chatId = telegramDemoUsers[2].id;

  await signIn(page, "manager@demo.pult");
  await page.goto("/procurement/settings");
  const card = page.getByTestId("proc-telegram-card");
  await expect(card).toContainText("Не привязан");
  await card.getByTestId("proc-telegram-link").click();
  await expect(card.getByTestId("proc-telegram-url")).toHaveText(/^https:\/\/t\.me\/pult_sandbox_bot\?start=M[A-Z2-9]{9}$/);
  const command = (await card.getByTestId("proc-telegram-code").textContent())!;
  expect(command).toMatch(/^\/start M[A-Z2-9]{9}$/);

  await tg.write(chatId, command);
  await tg.settle();
  await expect.poll(async () => (await tg.messages({ chatId, from: "bot" })).at(-1)?.text ?? "").toMatch(/^Telegram привязан/);
  await page.reload();
  await expect(page.getByTestId("proc-telegram-card")).toContainText("Привязан: @igor_opt");

  const { host, port } = sandbox().urls.smtp;
  const stamp = Date.now();
  await nodemailer.createTransport({ host, port, secure: false, auth: { user: mailDemo.supplier.username, pass: mailDemo.supplier.password } }).sendMail({
    from: `Иван Петров <buyer-tg-${stamp}@stroymontazh.ru>`,
    to: mailDemo.manager.username,
    subject: `Заявка TG ${stamp}`,
    text: "Добрый день!\n\nПросим выставить счёт:\n1. Подшипник SKF 6205-2RS — 40 шт\n\nИван Петров, ООО «СтройМонтаж»",
  });
  const message = await expect
    .poll(async () => (await tg.messages({ chatId, from: "bot" })).find((m) => m.text.includes(`Заявка TG ${stamp}`)) ?? null, { timeout: 60_000 })
    .not.toBeNull()
    .then(async () => (await tg.messages({ chatId, from: "bot" })).find((m) => m.text.includes(`Заявка TG ${stamp}`))!);
  expect(message.text).toMatch(/^(🆕 Новая заявка|⚠️ Заявка) ORD-\d{4}-\d{4}/);
  expect(message.replyMarkup!.inline_keyboard[0]![0]!.text).toBe("Открыть в Пульте");
});
