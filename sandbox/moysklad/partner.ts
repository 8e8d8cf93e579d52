import { DEFAULT_DATASET } from "./catalog";
import type { TMoyskladSimState } from "./server";

/**
 * A second, separate simulated MoySklad account (another company's: in the demo «Лютиков», the partner of
 * «Ромашка» in cross-company automations): its own token, account id, employee and generated data.
 */
export const moyskladPartnerDemo = {
  token: "ms-sandbox-partner-token-7c41d2b0e5f84a9c",
  accountId: "1a2b3c4d-0000-11ef-0a80-0000000000b1",
  employeeId: "5e6f7a8b-0000-11ef-0a80-0000000000b2",
  login: "admin@lyutikov-demo",
  password: "ms-sandbox-partner-password",
};

export function moyskladPartnerSeed(): Partial<TMoyskladSimState> {
  return {
    tokens: { [moyskladPartnerDemo.token]: moyskladPartnerDemo.employeeId },
    logins: { [moyskladPartnerDemo.login]: { password: moyskladPartnerDemo.password, employeeId: moyskladPartnerDemo.employeeId } },
    employees: [{
      id: moyskladPartnerDemo.employeeId,
      accountId: moyskladPartnerDemo.accountId,
      name: "Лютиков Дмитрий",
      firstName: "Дмитрий",
      lastName: "Лютиков",
      email: "admin@lyutikov.local",
      position: "Индивидуальный предприниматель",
      uid: moyskladPartnerDemo.login,
    }],
    dataset: { ...DEFAULT_DATASET, seed: "lyutikov", documents: 20 },
  };
}
