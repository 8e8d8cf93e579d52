import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { extractText, getDocumentProxy } from "unpdf";
import { E2E_SANDBOX_FILE, signIn } from "../helpers";
import { mailDemo } from "../../sandbox/index";

type THostPort = { host: string; port: number };
const sandbox = () => JSON.parse(readFileSync(E2E_SANDBOX_FILE, "utf8")) as { urls: { smtp: THostPort; imap: THostPort | null } };

function smtp() {
  const { host, port } = sandbox().urls.smtp;
  return nodemailer.createTransport({ host, port, secure: false, auth: { user: mailDemo.supplier.username, pass: mailDemo.supplier.password } });
}

/** The RFQ that reached the supplier's sandbox mailbox (over real IMAP). */
async function findRfqInSupplierInbox(orderNumber: string): Promise<{ messageId: string; subject: string }> {
  const imap = sandbox().urls.imap!;
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: mailDemo.supplier.username, pass: mailDemo.supplier.password }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock("INBOX");
    try {
      for await (const m of client.fetch("1:*", { envelope: true })) {
        if (m.envelope?.subject?.includes(orderNumber)) return { messageId: m.envelope.messageId!, subject: m.envelope.subject };
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
  throw new Error(`RFQ for ${orderNumber} not found in the supplier's mailbox`);
}

test("a client email becomes an order; RFQs go to two suppliers; a reply becomes a quote; the КП PDF is generated and emailed", async ({ page }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const subject = `Заявка E2E ${stamp}`;
  const client = `buyer-${stamp}@stroymontazh.ru`;
  await smtp().sendMail({
    from: `Иван Петров <${client}>`,
    to: mailDemo.manager.username,
    subject,
    text: "Добрый день!\n\nПросим выставить счёт:\n1. Подшипник SKF 6205-2RS — 40 шт\n2. Ремень клиновой Gates A-1250 — 12 шт\n3. Масло Mobil DTE 25, канистра 20 л — 3 шт\n\nИван Петров, ООО «СтройМонтаж»",
  });

  await signIn(page, "manager@demo.pult");
  await page.goto("/procurement");
  await page.getByTestId("orders-search").fill(`E2E ${stamp}`);
  const row = page.locator("[data-testid^='order-row-']").filter({ hasText: subject });
  // IMAP IDLE → poll job → AI parsing (simulator) → order.
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText("Новая");
  await row.getByRole("link").click();

  await page.waitForURL(/\/procurement\/orders\//);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/^Заявка ORD-/);
  const orderNumber = (await heading.textContent())!.replace("Заявка ", "").trim();
  expect(orderNumber).toMatch(/^ORD-\d{4}-\d{4}$/);
  await expect(page.getByTestId("order-item-1")).toContainText("Подшипник 6205-2RS");
  await expect(page.getByTestId("order-item-3")).toContainText("Масло Mobil DTE 25");
  await expect(page.getByTestId("source-text")).toContainText("Ремень клиновой Gates A-1250 — 12 шт");

  // RFQ to two suppliers (suggested by brand).
  await page.getByTestId("rfq-open").click();
  const dialog = page.getByRole("dialog");
  const pick = async (name: string, on: boolean) => {
    const box = dialog.getByRole("checkbox", { name: new RegExp(name) });
    if (on) await box.check();
    else await box.uncheck();
  };
  await pick("ПодшипникЦентр", true);
  await pick("МетизТорг", true);
  await pick("Подшипник-Опт", false);
  await dialog.getByTestId("rfq-send").click();
  await expect(page.getByTestId("rfq-row-supplier@pult.local").getByTestId("rfq-status")).toHaveText("отправлен", { timeout: 30_000 });
  await expect(page.getByTestId("rfq-row-sales@metiz-torg.example").getByTestId("rfq-status")).toHaveText("отправлен");
  await expect(page.getByTestId("order-status")).toHaveText("Запросы отправлены");

  // The supplier answers from its mailbox, as a reply to the RFQ.
  const rfq = await findRfqInSupplierInbox(orderNumber);
  await smtp().sendMail({
    from: `ООО «ПодшипникЦентр» <${mailDemo.supplier.username}>`,
    to: mailDemo.manager.username,
    subject: `Re: ${rfq.subject}`,
    inReplyTo: rfq.messageId,
    references: [rfq.messageId],
    text: "Добрый день!\nПодшипник SKF 6205-2RS — 310 руб./шт с НДС, в наличии.\nРемень Gates A-1250 — 540 руб./шт с НДС, срок 5 дней.\nМасло Mobil DTE 25 20 л — 14 200 руб. с НДС.\nЦены действительны до 05.12.2026.",
  });
  await expect(page.getByTestId("rfq-row-supplier@pult.local").getByTestId("rfq-status")).toHaveText("ответ получен", { timeout: 60_000 });
  await expect(page.getByTestId("order-status")).toHaveText("Есть предложения");
  const table = page.getByTestId("comparison-table");
  await expect(table).toContainText("ООО «ПодшипникЦентр»");
  await expect(table).toContainText("310,00 ₽");
  await expect(table).toContainText("14 200,00 ₽");

  // КП with a 10 % markup: 341×40 + 594×12 + 15 620×3 = 13 640 + 7 128 + 46 860 = 67 628.
  await page.getByTestId("offer-markup").fill("10");
  await page.getByTestId("offer-create").click();
  const offerRow = page.locator("[data-testid^='offer-row-КП-']").first();
  await expect(offerRow).toContainText("67 628,00 ₽");
  const offerNumber = (await offerRow.getAttribute("data-testid"))!.replace("offer-row-", "");

  const href = await offerRow.getByTestId("offer-download").getAttribute("href");
  const pdf = await page.request.get(href!);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const doc = await getDocumentProxy(new Uint8Array(await pdf.body()));
  const { text } = await extractText(doc, { mergePages: true });
  expect(text).toContain(`Коммерческое предложение № ${offerNumber}`);
  expect(text).toContain("ООО «Ромашка»");
  expect(text).toContain("Подшипник 6205-2RS");
  expect(text).toContain("Шестьдесят семь тысяч шестьсот двадцать восемь рублей 00 копеек");

  await offerRow.getByTestId("offer-send").click();
  await expect(offerRow.getByTestId("offer-sent")).toContainText(`отправлено ${client}`, { timeout: 30_000 });
  await expect(page.getByTestId("order-status")).toHaveText("КП отправлено");
  await expect(page.getByTestId("order-history")).toContainText("КП отправлено клиенту");

  // «Аналитика» counts this order's RFQs, the answer and the offer (the demo's own orders are there too).
  await page.goto("/procurement/analytics");
  await expect(page.getByTestId("analytics")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("kpi-orders")).not.toContainText(/Заявок\s*0\b/);
  await expect(page.getByTestId("kpi-response")).toContainText(/[1-9]\d* из [1-9]\d* запросов/);
  await expect(page.getByTestId("kpi-margin")).toContainText(/[1-9]\d* КП на/);
  await expect(page.getByTestId("analytics-suppliers")).toContainText("ПодшипникЦентр");
});

test("sample requests of the demo mailbox are orders; the forwarded one waits for review", async ({ page }) => {
  await signIn(page, "manager@demo.pult");
  await page.goto("/procurement");
  await page.getByTestId("orders-status-filter").selectOption("needs_review");
  const row = page.locator("[data-testid^='order-row-']").filter({ hasText: "Fwd: Крепёж" });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await row.getByRole("link").click();
  await expect(page.getByTestId("order-review-reason")).toContainText("ИИ не уверен");
  await page.getByTestId("items-edit").click();
  await page.getByLabel("Количество 2").fill("500");
  await page.getByTestId("items-save").click();
  await expect(page.getByTestId("order-status")).toHaveText("Новая");
  await expect(page.getByTestId("order-item-2")).toContainText("500 шт");
});
