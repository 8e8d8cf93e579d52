import { createHash } from "node:crypto";

/** Only the hash of a manager's one-time link code is stored (codes are case-insensitive when typed). */
export function hashLinkCode(code: string): string {
  return createHash("sha256").update(`pult-manager-link:${code.trim().toUpperCase()}`).digest("hex");
}
