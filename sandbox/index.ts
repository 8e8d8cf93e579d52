import { amocrmDemo, amocrmSimulator, type TAmocrmSimState } from "./amocrm/server";
import { bitrix24Demo, bitrix24Simulator, type TBitrix24SimState } from "./bitrix24/server";
import { googleDemo, googleSimulator, type TGoogleSimState } from "./google/server";
import { createServiceAccountKey } from "./google/service-account";
import type { TSimulator } from "./lib/simulator";
import { findDovecot, startDovecot, type TDovecotSandbox } from "./mail/dovecot";
import { startSmtpServer, type TMailUser, type TSmtpSandbox } from "./mail/smtp";
import { MOYSKLAD_API_PREFIX, moyskladDemo, moyskladSimulator, type TMoyskladSimState } from "./moysklad/server";
import { moyskladPartnerDemo, moyskladPartnerSeed } from "./moysklad/partner";
import { onecDemo, onecSimulator, type TOnecSimState } from "./onec/server";
import { openaiDemo, openaiSimulator, type TOpenaiSimState } from "./openai/server";
import { radistDemo, radistSimulator, type TRadistSimState } from "./radist/server";
import { telegramDemo, telegramSimulator, type TTelegramSimState } from "./telegram/server";
import { s3Demo, s3Simulator, type TS3SimState } from "./s3/server";

/**
 * Starts every simulator (and the mail servers) for tests and the demo.
 * `ports: "random"` (default) binds each to a free port; a number is a base port:
 * moysklad +1, google +2, telegram +3, openai +4, amocrm +5, radist +6, bitrix24 +7,
 * 1C +8, SMTP +25, IMAP +43 (base 4100 → MoySklad on 4101, IMAP on 4143).
 */

export const SANDBOX_PORT_OFFSETS = {
  moysklad: 1,
  google: 2,
  telegram: 3,
  openai: 4,
  amocrm: 5,
  radist: 6,
  bitrix24: 7,
  onec: 8,
  /** A second MoySklad account (the demo partner company's). */
  moyskladPartner: 9,
  /** S3-compatible document store (path-style buckets, SigV4). */
  s3: 10,
  smtp: 25,
  imap: 43,
} as const;

export const mailDemo = {
  manager: { username: "manager@pult.local", password: "mail-sandbox-manager" },
  supplier: { username: "supplier@pult.local", password: "mail-sandbox-supplier" },
} satisfies Record<string, TMailUser>;

export type TSandboxOptions = {
  ports?: "random" | number;
  host?: string;
  /** "auto" (default): no IMAP with a warning when dovecot is missing; "required": throw; false: skip. */
  imap?: "auto" | "required" | false;
  /** Persistent seed of the MoySklad simulator (dataset size, timeScale, limits), kept across resets. */
  moysklad?: Partial<TMoyskladSimState>;
};

export type THostPort = { host: string; port: number };

export type TSandbox = {
  urls: {
    moysklad: string;
    moyskladPartner: string;
    googleSheets: string;
    googleToken: string;
    telegram: string;
    openai: string;
    amocrm: string;
    radist: string;
    bitrix24: string;
    onec: string;
    s3: string;
    smtp: THostPort;
    imap: THostPort | null;
  };
  /** Valid demo credentials for every system. */
  credentials: {
    moysklad: { token: string; login: string; password: string };
    moyskladPartner: { token: string; login: string; password: string };
    googleSheets: { serviceAccountJson: string; clientEmail: string; spreadsheetId: string };
    telegram: { botToken: string; username: string };
    openai: { apiKey: string; model: string };
    amocrm: { accessToken: string; subdomain: string };
    radist: { apiKey: string; companyId: number };
    bitrix24: { userId: number; webhookCode: string };
    onec: { username: string; password: string };
    s3: { accessKeyId: string; secretAccessKey: string; region: string; bucket: string };
    mail: { manager: TMailUser; supplier: TMailUser };
  };
  /** Ready-made provider configs (settings + secrets) shaped like server/integrations/<provider> configs. */
  configs: {
    moysklad: { baseUrl: string; token: string };
    moyskladPartner: { baseUrl: string; token: string };
    googleSheets: { rootUrl: string; serviceAccountJson: string; spreadsheetId: string };
    telegram: { apiRoot: string; botToken: string };
    ai: { baseUrl: string; model: string; apiKey: string };
    amocrm: { baseUrl: string; accessToken: string };
    radist: { baseUrl: string; apiKey: string; companyId: number };
    bitrix24: { portalUrl: string; userId: number; webhookCode: string };
    onec: { baseUrl: string; username: string; password: string };
    s3: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
    mail: {
      imapHost: string;
      imapPort: number;
      imapSecure: boolean;
      smtpHost: string;
      smtpPort: number;
      smtpSecure: boolean;
      username: string;
      password: string;
      fromAddress: string;
    } | null;
  };
  /** The running simulators, for tests: seed / reset / requests. */
  simulators: {
    moysklad: TSimulator<TMoyskladSimState>;
    moyskladPartner: TSimulator<TMoyskladSimState>;
    google: TSimulator<TGoogleSimState>;
    telegram: TSimulator<TTelegramSimState>;
    openai: TSimulator<TOpenaiSimState>;
    amocrm: TSimulator<TAmocrmSimState>;
    radist: TSimulator<TRadistSimState>;
    bitrix24: TSimulator<TBitrix24SimState>;
    onec: TSimulator<TOnecSimState>;
    s3: TSimulator<TS3SimState>;
  };
  smtp: TSmtpSandbox;
  imap: TDovecotSandbox | null;
  warnings: string[];
  stop(): Promise<void>;
};

export async function startSandbox(options: TSandboxOptions = {}): Promise<TSandbox> {
  const host = options.host ?? "127.0.0.1";
  const base = options.ports === undefined || options.ports === "random" ? null : options.ports;
  const portFor = (name: keyof typeof SANDBOX_PORT_OFFSETS) => (base === null ? 0 : base + SANDBOX_PORT_OFFSETS[name]);
  const warnings: string[] = [];
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    await Promise.allSettled(stoppers.splice(0).map((s) => s()));
  };

  try {
    const started = async <T extends { stop(): Promise<void> }>(promise: Promise<T>): Promise<T> => {
      const value = await promise;
      stoppers.push(() => value.stop());
      return value;
    };
    const [moysklad, google, telegram, openai, amocrm, radist, bitrix24, onec, moyskladPartner, s3] = await Promise.all([
      started(moyskladSimulator.start({ host, port: portFor("moysklad"), seed: options.moysklad })),
      started(googleSimulator.start({ host, port: portFor("google") })),
      started(telegramSimulator.start({ host, port: portFor("telegram") })),
      started(openaiSimulator.start({ host, port: portFor("openai") })),
      started(amocrmSimulator.start({ host, port: portFor("amocrm") })),
      started(radistSimulator.start({ host, port: portFor("radist") })),
      started(bitrix24Simulator.start({ host, port: portFor("bitrix24") })),
      started(onecSimulator.start({ host, port: portFor("onec") })),
      started(moyskladSimulator.start({ host, port: portFor("moyskladPartner"), seed: moyskladPartnerSeed() })),
      started(s3Simulator.start({ host, port: portFor("s3") })),
    ]);

    const serviceAccount = createServiceAccountKey({
      tokenUri: `${google.url}/token`,
      clientEmail: googleDemo.clientEmail,
    });
    google.seed(
      { serviceAccounts: [{ clientEmail: googleDemo.clientEmail, publicKeyPem: serviceAccount.publicKeyPem }] },
      { persistent: true },
    );

    const mailUsers = [mailDemo.manager, mailDemo.supplier];
    let imap: TDovecotSandbox | null = null;
    if (options.imap !== false) {
      if (findDovecot()) {
        imap = await started(startDovecot({ host, port: portFor("imap"), users: mailUsers }));
      } else if (options.imap === "required") {
        throw new Error("IMAP is required but dovecot is not installed (apt-get install dovecot-imapd)");
      } else {
        warnings.push("IMAP недоступен: dovecot не установлен (apt-get install dovecot-imapd); письма копятся только в SMTP-песочнице");
      }
    }
    const smtp = await started(
      startSmtpServer({
        host,
        port: portFor("smtp"),
        users: mailUsers,
        // Local delivery: mail to a sandbox mailbox lands in its IMAP INBOX.
        onMessage: async (message) => {
          if (!imap) return;
          for (const rcpt of message.to) {
            if (mailUsers.some((u) => u.username === rcpt)) await imap.deliver(rcpt, message.raw);
          }
        },
      }),
    );

    const urls: TSandbox["urls"] = {
      moysklad: `${moysklad.url}${MOYSKLAD_API_PREFIX}`,
      moyskladPartner: `${moyskladPartner.url}${MOYSKLAD_API_PREFIX}`,
      googleSheets: `${google.url}/`,
      googleToken: `${google.url}/token`,
      telegram: telegram.url,
      openai: `${openai.url}/v1`,
      amocrm: amocrm.url,
      radist: `${radist.url}/v2`,
      bitrix24: bitrix24.url,
      onec: `${onec.url}${onecDemo.basePath}`,
      s3: s3.url,
      smtp: { host: smtp.host, port: smtp.port },
      imap: imap ? { host: imap.host, port: imap.port } : null,
    };
    const credentials: TSandbox["credentials"] = {
      moysklad: { token: moyskladDemo.token, login: moyskladDemo.login, password: moyskladDemo.password },
      moyskladPartner: { token: moyskladPartnerDemo.token, login: moyskladPartnerDemo.login, password: moyskladPartnerDemo.password },
      googleSheets: {
        serviceAccountJson: serviceAccount.keyJson,
        clientEmail: googleDemo.clientEmail,
        spreadsheetId: googleDemo.spreadsheetId,
      },
      telegram: { botToken: telegramDemo.token, username: telegramDemo.username },
      openai: { apiKey: openaiDemo.apiKey, model: openaiDemo.model },
      amocrm: { accessToken: amocrmDemo.accessToken, subdomain: amocrmDemo.subdomain },
      radist: { apiKey: radistDemo.apiKey, companyId: radistDemo.companyId },
      bitrix24: { userId: bitrix24Demo.userId, webhookCode: bitrix24Demo.webhookCode },
      onec: { username: onecDemo.username, password: onecDemo.password },
      s3: { accessKeyId: s3Demo.accessKeyId, secretAccessKey: s3Demo.secretAccessKey, region: s3Demo.region, bucket: s3Demo.bucket },
      mail: { manager: mailDemo.manager, supplier: mailDemo.supplier },
    };
    const configs: TSandbox["configs"] = {
      moysklad: { baseUrl: urls.moysklad, token: credentials.moysklad.token },
      moyskladPartner: { baseUrl: urls.moyskladPartner, token: credentials.moyskladPartner.token },
      googleSheets: {
        rootUrl: urls.googleSheets,
        serviceAccountJson: credentials.googleSheets.serviceAccountJson,
        spreadsheetId: credentials.googleSheets.spreadsheetId,
      },
      telegram: { apiRoot: urls.telegram, botToken: credentials.telegram.botToken },
      ai: { baseUrl: urls.openai, model: credentials.openai.model, apiKey: credentials.openai.apiKey },
      amocrm: { baseUrl: urls.amocrm, accessToken: credentials.amocrm.accessToken },
      radist: { baseUrl: urls.radist, apiKey: credentials.radist.apiKey, companyId: credentials.radist.companyId },
      bitrix24: { portalUrl: urls.bitrix24, ...credentials.bitrix24 },
      onec: { baseUrl: urls.onec, ...credentials.onec },
      s3: { endpoint: urls.s3, ...credentials.s3 },
      mail: imap
        ? {
            imapHost: imap.host,
            imapPort: imap.port,
            imapSecure: false,
            smtpHost: smtp.host,
            smtpPort: smtp.port,
            smtpSecure: false,
            username: mailDemo.manager.username,
            password: mailDemo.manager.password,
            fromAddress: mailDemo.manager.username,
          }
        : null,
    };

    return {
      urls,
      credentials,
      configs,
      simulators: { moysklad, google, telegram, openai, amocrm, radist, bitrix24, onec, moyskladPartner, s3 },
      smtp,
      imap,
      warnings,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
