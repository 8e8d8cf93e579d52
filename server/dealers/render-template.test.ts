import { describe, expect, it } from "vitest";
import { formatMoment, formatRub, renderTemplate, SAMPLE_DOCUMENT, templateValues } from "./render-template";
import { DEALER_TRIGGERS } from "./triggers";

describe("dealer message templates", () => {
  it("fills every placeholder in Russian formats", () => {
    const values = templateValues(SAMPLE_DOCUMENT, { dealerName: "Пётр" });
    expect(values.number).toBe("00042");
    expect(values.date).toBe("23.11.2026, 12:30");
    expect(values.sum.replace(/[\u00a0\u202f]/g, " ")).toBe("15 340,00 ₽");
    expect(values.counterparty).toBe("ООО «Вектор»");
    expect(values.positions.replace(/[\u00a0\u202f]/g, " ")).toBe("• Краска фасадная 10 л × 10 = 12 000,00 ₽\n• Валик малярный × 2 = 3 340,00 ₽");
    expect(values.link).toBe("https://online.moysklad.ru/app/#customerorder/edit?id=00000000-0000-4000-8000-000000000001");
    const text = renderTemplate(DEALER_TRIGGERS[0].defaultText, values);
    expect(text.startsWith("🛒 Новый заказ № 00042 от 23.11.2026, 12:30")).toBe(true);
  });

  it("keeps to Telegram's 4096 characters and drops unknown placeholders", () => {
    expect([...renderTemplate("x".repeat(5000), {})].length).toBe(4096);
    expect(renderTemplate("{{unknown}}Привет, {{dealer}}", { dealer: "Анна" })).toBe("Привет, Анна");
    expect(formatRub(undefined).replace(/[\u00a0\u202f]/g, " ")).toBe("0,00 ₽");
    expect(formatMoment("not a date")).toBe("");
  });
});
