import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server (the `smtp-server` package) for tests and the demo: plaintext on
 * 127.0.0.1 (no STARTTLS), AUTH PLAIN/LOGIN against configured users, required before MAIL FROM.
 * Received messages are kept in memory; `onMessage` lets the sandbox hand them on (e.g. to IMAP).
 */

export type TMailUser = { username: string; password: string };

export type TReceivedMessage = {
  id: number;
  receivedAt: string;
  authUser: string;
  from: string | null;
  to: string[];
  /** The raw RFC 822 message as received. */
  raw: string;
};

export type TSmtpSandbox = {
  host: string;
  port: number;
  readonly messages: readonly TReceivedMessage[];
  users: TMailUser[];
  clearMessages(): void;
  stop(): Promise<void>;
};

export async function startSmtpServer(options: {
  users: TMailUser[];
  port?: number;
  host?: string;
  maxSizeBytes?: number;
  onMessage?: (message: TReceivedMessage) => void | Promise<void>;
}): Promise<TSmtpSandbox> {
  const host = options.host ?? "127.0.0.1";
  const users = [...options.users];
  const messages: TReceivedMessage[] = [];
  let nextId = 1;

  const server = new SMTPServer({
    name: "smtp.sandbox.pult.local",
    banner: "Pult sandbox SMTP",
    logger: false,
    secure: false,
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    authOptional: false,
    size: options.maxSizeBytes ?? 25 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      const user = users.find((u) => u.username === auth.username && u.password === auth.password);
      if (!user) {
        const error = new Error("Invalid username or password") as Error & { responseCode?: number };
        error.responseCode = 535;
        return callback(error);
      }
      callback(null, { user: user.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = new Error("Message exceeds fixed maximum message size") as Error & { responseCode?: number };
          error.responseCode = 552;
          return callback(error);
        }
        const mailFrom = session.envelope.mailFrom;
        const message: TReceivedMessage = {
          id: nextId++,
          receivedAt: new Date().toISOString(),
          authUser: String(session.user ?? ""),
          from: mailFrom ? mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        };
        messages.push(message);
        Promise.resolve(options.onMessage?.(message)).then(
          () => callback(null, `Message queued as ${message.id}`),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    host,
    port,
    messages,
    users,
    clearMessages: () => {
      messages.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
