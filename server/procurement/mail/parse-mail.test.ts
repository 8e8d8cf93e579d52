import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMail, sanitizeHtml } from "./parse-mail";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

describe("parseMail (mailparser) on Russian fixtures", () => {
  it("UTF-8, base64 header, quoted-printable body", async () => {
    const m = await parseMail(fixture("client-plain-utf8.eml"), "x");
    expect(m.subject).toBe("Заявка на подшипники и ремни");
    expect(m.fromName).toBe("Иван Петров");
    expect(m.fromAddress).toBe("ivan.petrov@stroymontazh.ru");
    expect(m.messageId).toBe("<req-plain-001@stroymontazh.ru>");
    expect(m.text).toContain("Подшипник SKF 6205-2RS — 40 шт");
  });

  it("windows-1251 headers and 8-bit body", async () => {
    const m = await parseMail(fixture("client-cp1251.eml"), "x");
    expect(m.subject).toBe("КП на электродвигатель");
    expect(m.fromName).toBe("Сергей Кузнецов");
    expect(m.text).toContain("Электродвигатель АИР 80 B2");
  });

  it("KOI8-R with a quoted-printable sender name and a Cyrillic attachment name", async () => {
    const m = await parseMail(fixture("client-koi8r-attachment.eml"), "x");
    expect(m.subject).toBe("Заявка: кабель и автоматы");
    expect(m.fromName).toBe("Ольга");
    expect(m.text).toContain("Кабель ВВГнг-LS 3x2,5");
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0].filename).toBe("список.csv");
    expect(m.attachments[0].content.toString("utf8")).toContain("Автомат ABB S203 C16;10 шт");
  });

  it("HTML-only mail gets a text version; scripts and handlers are stripped", async () => {
    const m = await parseMail(fixture("client-html-only.eml"), "x");
    expect(m.subject).toBe("Запрос: насосы Grundfos");
    expect(m.text).toContain("Насос Grundfos CR 3-8, арт. 96516661");
    expect(m.text).not.toContain("alert");
    const safe = sanitizeHtml(m.html!);
    expect(safe).not.toMatch(/<script|onclick|javascript:/i);
    expect(safe).toContain("Манометр WIKA");
  });

  it("a missing Message-ID gets a stable fallback", async () => {
    const m = await parseMail(Buffer.from("From: a@b.ru\r\nSubject: test\r\n\r\nbody"), "uid-7");
    expect(m.messageId).toBe("<uid-7@pult.local>");
  });
});
