import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { getFreePort, waitForPort } from "../lib/ports";
import type { TMailUser } from "./smtp";

/**
 * Runs a real Dovecot IMAP server (Debian package `dovecot-imapd`) with a self-contained
 * configuration in a temp dir: own base_dir/state_dir, listens on 127.0.0.1:<port>, plaintext
 * auth without SSL, passwd-file users with plain passwords, Maildir under the temp dir.
 *
 * Dovecot refuses to run its login processes and mail processes as root, so when we are root
 * (CI containers) the internal/login processes run as the package's `dovecot`/`dovenull`
 * users (falling back to `nobody`) and mailboxes belong to the internal user; otherwise
 * everything runs as the current user.
 */

export const DOVECOT_CANDIDATES = [
  "/usr/sbin/dovecot",
  "/usr/local/sbin/dovecot",
  "/opt/homebrew/sbin/dovecot",
  "/usr/local/opt/dovecot/sbin/dovecot",
];

export function findDovecot(candidates: readonly string[] = DOVECOT_CANDIDATES): string | null {
  return candidates.find((path) => existsSync(path)) ?? null;
}

export type TDovecotSandbox = {
  host: string;
  port: number;
  /** The temp dir holding config, runtime files and mailboxes (removed on stop). */
  dir: string;
  readonly users: readonly TMailUser[];
  /** Puts a raw RFC 822 message into the user's INBOX (Maildir `new/`), as a local delivery agent would. */
  deliver(username: string, raw: string | Buffer): Promise<string>;
  /** Recent Dovecot log lines (for diagnostics). */
  log(): string;
  stop(): Promise<void>;
};

type TSystemUser = { name: string; uid: number; gid: number };

async function readSystemUsers(): Promise<Map<string, TSystemUser>> {
  const users = new Map<string, TSystemUser>();
  try {
    for (const line of (await readFile("/etc/passwd", "utf8")).split("\n")) {
      const [name, , uid, gid] = line.split(":");
      if (name && uid !== undefined && gid !== undefined) users.set(name, { name, uid: Number(uid), gid: Number(gid) });
    }
  } catch {
    // no /etc/passwd (unusual) — handled by the caller
  }
  return users;
}

/** Which OS users Dovecot's processes and mailboxes run as. */
async function resolveRunAs(): Promise<{ internal: TSystemUser; login: TSystemUser; mail: TSystemUser; root: boolean }> {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root) {
    const me = userInfo();
    const self = { name: me.username, uid: me.uid, gid: me.gid };
    return { internal: self, login: self, mail: self, root };
  }
  const users = await readSystemUsers();
  const pick = (...names: string[]) => names.map((n) => users.get(n)).find(Boolean);
  const internal = pick("dovecot", "nobody");
  const login = pick("dovenull", "nobody");
  if (!internal || !login) throw new Error("running as root, but neither the `dovecot` nor the `nobody` user exists");
  return { internal, login, mail: internal, root };
}

function assertSafeUser(user: TMailUser): void {
  if (!/^[A-Za-z0-9._@+-]+$/.test(user.username) || /[:\n\r]/.test(user.password)) {
    throw new Error(`unsupported IMAP sandbox user ${JSON.stringify(user.username)}`);
  }
}

let deliveryCounter = 0;

export async function startDovecot(options: {
  users: TMailUser[];
  port?: number;
  host?: string;
  binary?: string;
  /** Dovecot waits this long before answering a failed login (its default is 2 s). */
  authFailureDelaySeconds?: number;
  startTimeoutMs?: number;
}): Promise<TDovecotSandbox> {
  const binary = options.binary ?? findDovecot();
  if (!binary) throw new Error("dovecot is not installed (apt-get install dovecot-imapd)");
  options.users.forEach(assertSafeUser);

  const host = options.host ?? "127.0.0.1";
  const port = options.port || (await getFreePort(host));
  const runAs = await resolveRunAs();
  const dir = await mkdtemp(join(tmpdir(), "pult-dovecot-"));
  await chmod(dir, 0o755); // Dovecot's unprivileged processes must traverse it
  const mailRoot = join(dir, "mail");
  await mkdir(mailRoot);
  if (runAs.root) await chown(mailRoot, runAs.mail.uid, runAs.mail.gid);

  const usersFile = join(dir, "users");
  await writeFile(usersFile, options.users.map((u) => `${u.username}:{PLAIN}${u.password}\n`).join(""), {
    mode: 0o644,
  });

  const config = [
    `base_dir = ${join(dir, "run")}`,
    `state_dir = ${join(dir, "state")}`,
    `instance_name = pult-sandbox-${port}`,
    "log_path = /dev/stderr",
    "protocols = imap",
    `listen = ${host}`,
    "ssl = no",
    "disable_plaintext_auth = no",
    "auth_mechanisms = plain login",
    `auth_failure_delay = ${options.authFailureDelaySeconds ?? 0}s`,
    `default_internal_user = ${runAs.internal.name}`,
    `default_login_user = ${runAs.login.name}`,
    `first_valid_uid = ${Math.min(runAs.mail.uid, 500)}`,
    `first_valid_gid = ${Math.min(runAs.mail.gid, 500)}`,
    `mail_location = maildir:${mailRoot}/%u`,
    "passdb {",
    "  driver = passwd-file",
    `  args = scheme=PLAIN username_format=%u ${usersFile}`,
    "}",
    "userdb {",
    "  driver = static",
    `  args = uid=${runAs.mail.uid} gid=${runAs.mail.gid} home=${mailRoot}/%u`,
    "}",
    "service imap-login {",
    "  inet_listener imap {",
    `    address = ${host}`,
    `    port = ${port}`,
    "  }",
    "  inet_listener imaps {",
    "    port = 0",
    "  }",
    "}",
    "",
  ].join("\n");
  const configFile = join(dir, "dovecot.conf");
  await writeFile(configFile, config, { mode: 0o644 });

  const logLines: string[] = [];
  const child: ChildProcess = spawn(binary, ["-F", "-c", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  const collect = (chunk: Buffer) => {
    logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (logLines.length > 200) logLines.splice(0, logLines.length - 200);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const log = () => logLines.join("\n");

  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await Promise.race([
      waitForPort(port, host, options.startTimeoutMs ?? 15_000),
      exited.then((code) => {
        throw new Error(`dovecot exited with code ${code}`);
      }),
    ]);
  } catch (error) {
    const lines = log();
    await cleanup();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${lines}`);
  }

  const deliver = async (username: string, raw: string | Buffer): Promise<string> => {
    if (!options.users.some((u) => u.username === username)) throw new Error(`unknown IMAP user ${username}`);
    const maildir = join(mailRoot, username);
    const folders = ["", "tmp", "new", "cur"].map((f) => join(maildir, f));
    for (const folder of folders) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      if (runAs.root) await chown(folder, runAs.mail.uid, runAs.mail.gid);
    }
    // Maildir keeps LF line endings (Dovecot's default, mail_save_crlf = no).
    const body = typeof raw === "string" ? Buffer.from(raw.replace(/\r\n/g, "\n"), "utf8") : raw;
    const now = Date.now();
    const name = `${Math.floor(now / 1000)}.M${(now % 1000) * 1000}P${process.pid}Q${++deliveryCounter}.${hostname()},S=${body.length}`;
    const tmpPath = join(maildir, "tmp", name);
    await writeFile(tmpPath, body, { mode: 0o600 });
    if (runAs.root) await chown(tmpPath, runAs.mail.uid, runAs.mail.gid);
    await rename(tmpPath, join(maildir, "new", name));
    return name;
  };

  return { host, port, dir, users: options.users, deliver, log, stop: cleanup };
}
