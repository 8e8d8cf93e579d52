import { describe, expect, it } from "vitest";
import { computeReviewDate, effectiveReviewDate } from "./compute-review-date";
import { commissionFromRate, toDay } from "./money";
import { validatePolicyNumbers } from "./add-policy";

const d = toDay;
const today = d("2026-06-01");

describe("computeReviewDate", () => {
  it("is null without policies and installments", () => {
    expect(computeReviewDate({ policyEnds: [], installments: [], today })).toBeNull();
  });

  it("takes the nearest of policy ends and unpaid installments", () => {
    const r = computeReviewDate({
      policyEnds: [d("2027-05-31")],
      installments: [
        { dueDate: d("2026-06-10"), amount: 100, paidAmount: 100 },
        { dueDate: d("2026-09-01"), amount: 100, paidAmount: 0 },
        { dueDate: d("2026-12-01"), amount: 100, paidAmount: 0 },
      ],
      today,
    });
    expect(r).toEqual(d("2026-09-01"));
  });

  it("counts a partially paid installment as unpaid, and an overdue one too", () => {
    expect(computeReviewDate({ policyEnds: [d("2027-01-01")], installments: [{ dueDate: d("2026-08-01"), amount: 100, paidAmount: 40 }], today })).toEqual(d("2026-08-01"));
    expect(computeReviewDate({ policyEnds: [d("2027-01-01")], installments: [{ dueDate: d("2026-05-01"), amount: 100, paidAmount: 0 }], today })).toEqual(d("2026-05-01"));
  });

  it("uses the policy end when everything is paid", () => {
    expect(computeReviewDate({ policyEnds: [d("2027-05-31"), d("2026-12-31")], installments: [{ dueDate: d("2026-06-10"), amount: 100, paidAmount: 100 }], today })).toEqual(d("2026-12-31"));
  });

  it("ignores ended policies while another is running, and shows the latest end when all have ended", () => {
    expect(computeReviewDate({ policyEnds: [d("2026-01-01"), d("2026-10-01")], installments: [], today })).toEqual(d("2026-10-01"));
    expect(computeReviewDate({ policyEnds: [d("2025-01-01"), d("2026-03-01")], installments: [], today })).toEqual(d("2026-03-01"));
  });

  it("a manual date wins over the computed one", () => {
    expect(effectiveReviewDate(d("2026-09-01"), d("2026-07-15"))).toEqual(d("2026-07-15"));
    expect(effectiveReviewDate(d("2026-09-01"), null)).toEqual(d("2026-09-01"));
  });
});

describe("validatePolicyNumbers", () => {
  const ok = { startDate: "2026-01-01", endDate: "2026-12-31", premium: 100_000, expectedExpenses: 0, installments: [{ dueDate: "2026-01-01", amount: 50_000 }, { dueDate: "2026-07-01", amount: 50_000 }] };
  it("accepts a consistent policy", () => {
    expect(() => validatePolicyNumbers(ok, 15_000)).not.toThrow();
  });
  it("refuses inconsistent numbers with Russian messages", () => {
    expect(() => validatePolicyNumbers({ ...ok, endDate: "2025-12-31" }, 0)).toThrow("Дата окончания полиса раньше даты начала");
    expect(() => validatePolicyNumbers({ ...ok, endDate: "2040-01-01" }, 0)).toThrow("Срок полиса больше 10 лет");
    expect(() => validatePolicyNumbers({ ...ok, installments: [...ok.installments, { dueDate: "2026-09-01", amount: 1 }] }, 0)).toThrow("превышает премию");
    expect(() => validatePolicyNumbers({ ...ok, installments: [{ dueDate: "2026-01-01", amount: 1 }, { dueDate: "2026-01-01", amount: 1 }] }, 0)).toThrow("Два взноса на одну дату");
    expect(() => validatePolicyNumbers({ ...ok, installments: [{ dueDate: "2027-06-01", amount: 1 }] }, 0)).toThrow("Срок взноса позже окончания полиса");
    expect(() => validatePolicyNumbers(ok, 200_000)).toThrow("Комиссия не может превышать премию");
    expect(() => validatePolicyNumbers({ ...ok, expectedExpenses: 200_000 }, 0)).toThrow("Расходы не могут превышать премию");
  });
  it("computes commission from a rate in basis points", () => {
    expect(commissionFromRate(8_500_000, 1500)).toBe(1_275_000);
    expect(commissionFromRate(333, 1000)).toBe(33);
  });
});
