import { AppError } from "../errors";
import type { TRole } from "./roles";

/** Only an owner may make someone an owner; admins manage every other role. */
export function assertCanGrantRole(actorRole: TRole, role: TRole): void {
  if (role === "owner" && actorRole !== "owner") {
    throw new AppError("FORBIDDEN", "Назначить владельца может только владелец компании");
  }
}
