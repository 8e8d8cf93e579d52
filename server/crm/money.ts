/**
 * Money in the CRM is integer kopecks (BigInt in the database, number in the API: safe far beyond any premium).
 * Amounts above MAX_KOPECKS (10 billion roubles) are refused as absurd.
 */
import { z } from "zod";

export const MAX_KOPECKS = 1_000_000_000_000;

/** A positive amount in kopecks. */
export const ZAmount = z.number({ message: "Укажите сумму" }).int("Сумма — целое число копеек")
  .positive("Сумма должна быть больше нуля").max(MAX_KOPECKS, "Слишком большая сумма");

/** A non-negative amount in kopecks. */
export const ZAmountOrZero = z.number({ message: "Укажите сумму" }).int("Сумма — целое число копеек")
  .min(0, "Сумма не может быть отрицательной").max(MAX_KOPECKS, "Слишком большая сумма");

/** A calendar date as YYYY-MM-DD. */
export const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Дата в формате ГГГГ-ММ-ДД")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "Некорректная дата");

/** Commission rate in basis points: 0..100%. */
export const ZRateBp = z.number().int().min(0, "Ставка не может быть отрицательной").max(10_000, "Ставка не может превышать 100%");

export function toDay(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}

export function dayString(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function todayUtc(now = new Date()): Date {
  return toDay(dayString(now));
}

/** Commission from a premium and a rate in basis points, rounded to the kopeck. */
export function commissionFromRate(premium: number, rateBp: number): number {
  return Math.round((premium * rateBp) / 10_000);
}

export function formatRub(kopecks: number): string {
  const sign = kopecks < 0 ? "-" : "";
  const abs = Math.abs(kopecks);
  const rub = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${sign}${rub},${String(abs % 100).padStart(2, "0")} ₽`;
}

export const num = (b: bigint | number | null | undefined): number => (b == null ? 0 : Number(b));
