import type { TSimulator } from "../lib/simulator";
import { createSpreadsheet, dumpSpreadsheet, findSpreadsheet, type TCreateSpreadsheetInput } from "./admin";
import { googleDemo, googleSimulator, revokeServiceAccount, type TGoogleSimSettings, type TGoogleSimState } from "./server";
import { createServiceAccountKey, type TGeneratedServiceAccount } from "./service-account";

/**
 * For tests: a Google simulator with a registered service account (kept across resets) and helpers
 * to create spreadsheets (shared with that account unless told otherwise) and read them back.
 */
export type TGoogleSheetsSandbox = {
  sim: TSimulator<TGoogleSimState>;
  account: TGeneratedServiceAccount;
  /** A google-sheets connection config (settings + secrets) for this sandbox. */
  config: { rootUrl: string; serviceAccountJson: string };
  clientEmail: string;
  createSpreadsheet(input?: TCreateSpreadsheetInput): string;
  /** Sheets with their values (UNFORMATTED, trailing empties trimmed), by title. */
  read(spreadsheetId: string): ReturnType<typeof dumpSpreadsheet>;
  values(spreadsheetId: string, sheetTitle: string): unknown[][];
  settings(patch: Partial<TGoogleSimSettings>): void;
  revokeKey(): void;
  stop(): Promise<void>;
};

export async function startGoogleSheetsSandbox(options: { settings?: Partial<TGoogleSimSettings> } = {}): Promise<TGoogleSheetsSandbox> {
  const sim = await googleSimulator.start();
  const clientEmail = googleDemo.clientEmail;
  const account = createServiceAccountKey({ tokenUri: `${sim.url}/token`, clientEmail });
  sim.seed(
    { serviceAccounts: [{ clientEmail, publicKeyPem: account.publicKeyPem }], ...(options.settings ? { settings: options.settings as TGoogleSimSettings } : {}) },
    { persistent: true },
  );
  const mustFind = (id: string) => {
    const spreadsheet = findSpreadsheet(sim.state, id);
    if (!spreadsheet) throw new Error(`no spreadsheet ${id} in the simulator`);
    return spreadsheet;
  };
  return {
    sim,
    account,
    clientEmail,
    config: { rootUrl: `${sim.url}/`, serviceAccountJson: account.keyJson },
    createSpreadsheet(input = {}) {
      const limits = { maxCells: sim.state.settings.maxCells, maxCellChars: sim.state.settings.maxCellChars };
      return createSpreadsheet(sim.state, { sharedWith: [clientEmail], ...input }, limits).spreadsheetId;
    },
    read: (id) => dumpSpreadsheet(mustFind(id)),
    values(id, sheetTitle) {
      const sheet = dumpSpreadsheet(mustFind(id)).sheets.find((s) => s.title === sheetTitle);
      if (!sheet) throw new Error(`no sheet ${sheetTitle} in ${id}`);
      return sheet.values;
    },
    settings(patch) {
      Object.assign(sim.state.settings, patch);
    },
    revokeKey() {
      revokeServiceAccount(sim.state, clientEmail);
    },
    stop: () => sim.stop(),
  };
}
