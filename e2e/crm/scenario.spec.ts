/**
 * The seed's §5 scenario, end to end, with two people in two browsers: the seller (seller@demo.pult) and the
 * executor (executor@demo.pult) of «Ромашка». Notifications arrive live (SSE) without reloading the page.
 */
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../helpers";

test.setTimeout(240_000);

function ruDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

async function openTab(page: Page, name: RegExp) {
  await page.getByRole("tab", { name }).click();
}

async function bellItem(page: Page, text: string, dealTitle?: string) {
  await page.getByTestId("notification-bell").click();
  let item = page.getByTestId("notification-item").filter({ hasText: text });
  if (dealTitle) item = item.filter({ hasText: dealTitle });
  await expect(item).toBeVisible();
  return item;
}

test("§5: seller and executor take a deal from a new client to a paid policy with commission", async ({ browser }) => {
  const title = `КАСКО Toyota Camry ${Date.now().toString(36)}`;
  const sellerCtx = await browser.newContext();
  const execCtx = await browser.newContext();
  const seller = await sellerCtx.newPage();
  const exec = await execCtx.newPage();
  await signIn(seller, "seller@demo.pult");
  await signIn(exec, "executor@demo.pult");

  // The executor is on «Мои задачи»; their bell counts unread notifications.
  await exec.goto("/crm/tasks");
  await expect(exec.getByTestId("my-tasks-table")).toBeVisible();
  // The demo data already notified the executor: read everything first, so the bell starts at zero.
  await exec.getByTestId("notification-bell").click();
  await expect(exec.getByTestId("notification-item").first()).toBeVisible();
  await exec.getByTestId("notifications-read-all").click();
  await expect(exec.getByTestId("notification-count")).toHaveCount(0);
  await exec.keyboard.press("Escape");

  // 1. The seller creates the deal with a new client.
  await seller.goto("/crm");
  await seller.getByTestId("new-deal").click();
  const dealDialog = seller.getByRole("dialog");
  await dealDialog.getByLabel("Название сделки").fill(title);
  await dealDialog.getByLabel("Имя или название клиента").fill("Кузнецов Дмитрий Игоревич");
  await dealDialog.getByLabel("Телефон").fill("+7 903 555-12-34");
  await dealDialog.getByTestId("create-deal-submit").click();
  await expect(seller).toHaveURL(/\/crm\/deals\/[0-9a-f-]{36}$/);
  await expect(seller.getByTestId("deal-title")).toHaveText(title);
  const dealUrl = seller.url();

  // …puts the client's documents into the deal's folder…
  await openTab(seller, /Документы/);
  await seller.getByTestId("doc-upload-input").setInputFiles({ name: "паспорт клиента.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 паспорт") });
  await expect(seller.getByTestId("document-row").filter({ hasText: "паспорт клиента.pdf" })).toContainText("Сергей Продавец");
  // A forbidden type is refused with a clear message.
  await seller.getByTestId("doc-upload-input").setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
  await expect(seller.getByTestId("doc-upload-error")).toContainText("Этот тип файла загружать нельзя");

  // …writes in the journal…
  await openTab(seller, /Журнал/);
  await seller.getByTestId("journal-text").fill("Клиент хочет КАСКО без франшизы, бюджет до 90 000 ₽");
  await seller.getByTestId("journal-add").click();
  await expect(seller.getByTestId("journal-list")).toContainText("без франшизы");

  // …and sets a calculation task for the executor.
  await openTab(seller, /Задачи/);
  await seller.getByTestId("task-new").click();
  const taskDialog = seller.getByRole("dialog");
  await taskDialog.getByLabel("Тип").selectOption("calculation");
  await taskDialog.getByLabel("Исполнитель").selectOption({ label: "Елена Исполнитель" });
  await taskDialog.getByLabel("Что сделать").fill("Рассчитать КАСКО Camry");
  await taskDialog.getByTestId("task-submit").click();
  await expect(seller.getByTestId("task-row").filter({ hasText: "Рассчитать КАСКО Camry" })).toContainText("Елена Исполнитель");

  // 2. The executor gets it live: the bell counts up without a reload, and the task is in «Мои задачи».
  await expect(exec.getByTestId("notification-count")).toHaveText("1", { timeout: 20_000 });
  await expect(exec.getByTestId("my-task-row").filter({ hasText: "Рассчитать КАСКО Camry" })).toBeVisible({ timeout: 20_000 });
  const assigned = await bellItem(exec, title);
  await expect(assigned).toContainText("Новая задача");
  await assigned.click();
  await expect(exec).toHaveURL(dealUrl);

  // …opens the deal's documents (a short-lived signed link)…
  await openTab(exec, /Документы/);
  const download = exec.waitForEvent("download");
  await exec.getByRole("button", { name: "Скачать паспорт клиента.pdf" }).click();
  expect((await download).suggestedFilename()).toBe("паспорт клиента.pdf");

  // …enters two calculation options and completes the task.
  await openTab(exec, /Расчёты/);
  for (const [insurer, premium, deductible] of [["Ингосстрах", "85000", "0"], ["РЕСО-Гарантия", "79000", "15000"]] as const) {
    await exec.getByTestId("calc-new").click();
    const d = exec.getByRole("dialog");
    await d.getByLabel("Страховщик").selectOption({ label: insurer });
    await d.getByLabel("Продукт").selectOption({ label: "КАСКО" });
    await d.getByLabel("Премия, ₽").fill(premium);
    await d.getByLabel("Страховая сумма, ₽").fill("3500000");
    await d.getByLabel("Франшиза, ₽").fill(deductible);
    await d.getByLabel("Условия").fill(`Вариант ${insurer}`);
    await d.getByTestId("calc-submit").click();
    await expect(exec.getByTestId("calculation-row").filter({ hasText: insurer })).toBeVisible();
  }
  await openTab(exec, /Задачи/);
  await exec.getByTestId("task-row").filter({ hasText: "Рассчитать КАСКО Camry" }).getByTestId("task-complete").click();
  await expect(exec.getByTestId("task-row").filter({ hasText: "Рассчитать КАСКО Camry" })).toContainText("Выполнена");

  // 3. The seller is notified (live), opens the options and marks the one the client chose.
  const ready = await bellItem(seller, `Расчёт готов: ${title}`);
  await ready.click();
  await seller.reload();
  await openTab(seller, /Расчёты/);
  const ingos = seller.getByTestId("calculation-row").filter({ hasText: "Ингосстрах" });
  await ingos.getByTestId("calc-choose").click();
  await expect(ingos.getByTestId("calc-chosen")).toHaveText("Выбран клиентом");
  await expect(seller.getByTestId("calculation-row").filter({ hasText: "РЕСО-Гарантия" })).toHaveAttribute("data-chosen", "false");

  // 4. The seller sets the issuing task for the chosen option.
  await ingos.getByTestId("calc-issue").click();
  const issueDialog = seller.getByRole("dialog");
  await expect(issueDialog.getByLabel("Тип")).toHaveValue("issuing");
  await issueDialog.getByLabel("Исполнитель").selectOption({ label: "Елена Исполнитель" });
  await issueDialog.getByTestId("task-submit").click();
  await expect(seller.getByTestId("deal-stage")).toHaveText("Оформление");
  await expect(await bellItem(exec, "Клиент выбрал вариант: Ингосстрах", title)).toHaveAttribute("data-read", "false");
  await exec.keyboard.press("Escape");

  // 5. The client pays: the executor puts the policy file into the folder and adds the policy with two installments.
  await exec.reload();
  await openTab(exec, /Документы/);
  await exec.getByTestId("doc-upload-input").setInputFiles({ name: "полис AI-2026.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 полис") });
  await expect(exec.getByTestId("document-row").filter({ hasText: "полис AI-2026.pdf" })).toContainText("Елена Исполнитель");
  await openTab(exec, /Полисы/);
  await exec.getByTestId("policy-new").click();
  const pd = exec.getByRole("dialog");
  await expect(pd.getByLabel("Премия, ₽")).toHaveValue("85000");
  await pd.getByLabel("Номер полиса").fill(`AI-${Date.now()}`);
  await pd.getByLabel("Файл полиса").selectOption({ label: "полис AI-2026.pdf" });
  // Bad input first: installments above the premium are refused, nothing is saved.
  await pd.getByRole("button", { name: "Взнос", exact: true }).click();
  await pd.getByLabel("Сумма взноса 1").fill("90000");
  await pd.getByTestId("policy-submit").click();
  await expect(pd.getByTestId("policy-error")).toContainText("превышает премию");
  await pd.getByTestId("split-2").click();
  const start = await pd.getByLabel("Начало").inputValue();
  const second = await pd.getByLabel("Срок взноса 2").inputValue();
  await pd.getByTestId("policy-submit").click();
  const card = exec.getByTestId("policy-card");
  await expect(card).toContainText("полис AI-2026.pdf");
  await expect(card.getByTestId("policy-expected-commission")).toContainText(/12\s750/);
  await expect(card.getByTestId("installment-row")).toHaveCount(2);

  // 6. The review date: the nearest unpaid installment (the first, due at the start)…
  await openTab(exec, /Обзор/);
  await expect(exec.getByTestId("deal-review-date")).toContainText(ruDate(start));

  // …after the first installment is paid it moves to the second one.
  await seller.reload();
  await openTab(seller, /Платежи/);
  await seller.getByTestId("installment-row").first().getByTestId("installment-pay").click();
  await seller.getByRole("dialog").getByTestId("pay-submit").click();
  await expect(seller.getByTestId("installment-row").first()).toHaveAttribute("data-status", "paid");
  await expect(seller.getByTestId("fin-paid-premium")).toContainText(/42\s500/);

  // 7. The commission arrives and an agent fee is paid: received vs expected and the margin.
  const income = seller.getByTestId("income-form");
  await income.getByLabel("Сумма дохода").fill("12750");
  await income.getByTestId("income-add").click();
  await expect(seller.getByTestId("income-row")).toContainText(/12\s750/);
  const expense = seller.getByTestId("expense-form");
  await expense.getByLabel("Сумма расхода").fill("2000");
  await expense.getByTestId("expense-add").click();
  await expect(seller.getByTestId("fin-expected-commission")).toContainText(/12\s750/);
  await expect(seller.getByTestId("fin-received-commission")).toContainText(/12\s750/);
  await expect(seller.getByTestId("fin-margin")).toContainText(/10\s750/);
  await openTab(seller, /Обзор/);
  await expect(seller.getByTestId("deal-review-date")).toContainText(ruDate(second));

  // The deal is in the seller's list with that review date.
  await seller.goto("/crm");
  await seller.getByLabel("Поиск").fill(title);
  await expect(seller.getByTestId("deal-row")).toHaveCount(1);
  await expect(seller.getByTestId("deal-row")).toContainText(ruDate(second));

  // The seller corrects the policy: a higher premium, the second installment larger and earlier → the commission,
  // the schedule and the review date follow (the paid first installment stays as it is).
  const moved = new Date(Date.parse(`${second}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  await seller.goto(dealUrl);
  await openTab(seller, /Полисы/);
  await seller.getByTestId("policy-edit").click();
  const ed = seller.getByRole("dialog");
  await ed.getByLabel("Премия, ₽").fill("90000");
  await ed.getByLabel("Сумма взноса 2").fill("47500");
  await ed.getByLabel("Срок взноса 2").fill(moved);
  await ed.getByTestId("policy-submit").click();
  await expect(ed).toBeHidden();
  const edited = seller.getByTestId("policy-card");
  await expect(edited.getByTestId("policy-expected-commission")).toContainText(/13\s500/);
  await expect(edited.getByTestId("installment-row").nth(1)).toContainText(ruDate(moved));
  await expect(edited.getByTestId("installment-row").nth(1)).toContainText(/47\s500/);
  await expect(edited.getByTestId("installment-row").first()).toHaveAttribute("data-status", "paid");
  await openTab(seller, /Обзор/);
  await expect(seller.getByTestId("deal-review-date")).toContainText(ruDate(moved));

  await sellerCtx.close();
  await execCtx.close();
});
