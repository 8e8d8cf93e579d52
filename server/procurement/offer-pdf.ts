import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import { amountInWords } from "./amount-in-words";
import { formatMoney, formatQty } from "./format";

/** The commercial offer (КП) as a PDF: pdfkit with the Roboto TTF (Cyrillic) from @expo-google-fonts/roboto. */

// Resolved from the app root: this module is also bundled by Next, where import.meta.url points into .next.
const require = createRequire(path.join(process.cwd(), "package.json"));
const FONT_REGULAR = require.resolve("@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf");
const FONT_BOLD = require.resolve("@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf");

export type TOfferLine = {
  position: number;
  name: string;
  brand: string | null;
  article: string | null;
  quantity: number;
  unit: string;
  /** Client price per unit, VAT included. */
  price: number;
  total: number;
  leadTimeDays: number | null;
};

export type TOfferDocument = {
  number: string;
  date: Date;
  validUntil: Date;
  seller: { name: string; inn: string; kpp: string; address: string; phone: string; email: string; bankDetails: string };
  client: { name: string; email: string | null; inn: string | null } | null;
  orderNumber: string;
  lines: TOfferLine[];
  total: number;
  vatRatePct: number;
  vatAmount: number;
};

const date = (d: Date) => d.toLocaleDateString("ru-RU", { timeZone: "Europe/Moscow" });

export function renderOfferPdf(doc: TOfferDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: "A4", margin: 40, info: { Title: `Коммерческое предложение ${doc.number}`, Author: doc.seller.name } });
    const chunks: Buffer[] = [];
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    pdf.registerFont("regular", FONT_REGULAR);
    pdf.registerFont("bold", FONT_BOLD);

    const s = doc.seller;
    pdf.font("bold").fontSize(12).text(s.name);
    pdf.font("regular").fontSize(9);
    const req = [s.inn && `ИНН ${s.inn}`, s.kpp && `КПП ${s.kpp}`].filter(Boolean).join(", ");
    if (req) pdf.text(req);
    if (s.address) pdf.text(s.address);
    const contacts = [s.phone && `тел. ${s.phone}`, s.email].filter(Boolean).join(", ");
    if (contacts) pdf.text(contacts);
    if (s.bankDetails) pdf.text(s.bankDetails);
    pdf.moveDown(1.5);

    pdf.font("bold").fontSize(15).text(`Коммерческое предложение № ${doc.number}`, { align: "center" });
    pdf.font("regular").fontSize(10).text(`от ${date(doc.date)} · по заявке ${doc.orderNumber}`, { align: "center" });
    pdf.moveDown();
    if (doc.client) {
      pdf.font("bold").text("Кому: ", { continued: true }).font("regular").text([doc.client.name, doc.client.inn && `ИНН ${doc.client.inn}`, doc.client.email].filter(Boolean).join(", "));
      pdf.moveDown(0.5);
    }

    const cols = [
      { title: "№", width: 22, align: "left" as const },
      { title: "Наименование", width: 215, align: "left" as const },
      { title: "Кол-во", width: 55, align: "right" as const },
      { title: "Срок, дн.", width: 45, align: "right" as const },
      { title: "Цена, ₽", width: 85, align: "right" as const },
      { title: "Сумма, ₽", width: 93, align: "right" as const },
    ];
    const left = pdf.page.margins.left;
    const row = (cells: string[], font: "regular" | "bold") => {
      pdf.font(font).fontSize(9);
      const heights = cells.map((c, i) => pdf.heightOfString(c, { width: cols[i].width - 6 }));
      const h = Math.max(...heights) + 6;
      if (pdf.y + h > pdf.page.height - pdf.page.margins.bottom - 80) pdf.addPage();
      const y = pdf.y;
      let x = left;
      cells.forEach((c, i) => {
        pdf.text(c, x + 3, y + 3, { width: cols[i].width - 6, align: cols[i].align });
        x += cols[i].width;
      });
      pdf.moveTo(left, y + h).lineTo(x, y + h).lineWidth(0.5).strokeColor("#999").stroke();
      pdf.x = left;
      pdf.y = y + h;
    };
    row(cols.map((c) => c.title), "bold");
    for (const l of doc.lines) {
      const name = [l.name, l.brand, l.article && `арт. ${l.article}`].filter(Boolean).join(", ");
      row([String(l.position), name, `${formatQty(l.quantity)} ${l.unit}`, l.leadTimeDays === null ? "—" : String(l.leadTimeDays), formatMoney(l.price), formatMoney(l.total)], "regular");
    }
    pdf.moveDown();
    pdf.font("bold").fontSize(10).text(`Итого: ${formatMoney(doc.total)} ₽`, left, pdf.y, { align: "right" });
    pdf.font("regular").text(`в том числе НДС ${formatQty(doc.vatRatePct)}%: ${formatMoney(doc.vatAmount)} ₽`, { align: "right" });
    pdf.moveDown(0.5);
    pdf.text(`Всего наименований ${doc.lines.length}, на сумму ${formatMoney(doc.total)} ₽`, left);
    pdf.font("bold").text(amountInWords(doc.total));
    pdf.moveDown();
    pdf.font("regular").text(`Предложение действительно до ${date(doc.validUntil)}.`);
    pdf.text("Цены указаны с учётом НДС. Сроки поставки — в рабочих днях с момента оплаты.");
    pdf.end();
  });
}
