import { randomBytes } from "node:crypto";
import { withSystem } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { hashInvitationToken } from "../tenancy/invite-member";
import type { TActor } from "../tenancy/roles";
import type { TModuleId } from "../tenancy/modules";

/** Latin slug from a Russian company name (for URLs and logs), unique-suffixed by the caller. */
export function slugify(name: string): string {
  const map: Record<string, string> = {
    а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m", н: "n",
    о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "h", ц: "ts", ч: "ch", ш: "sh", щ: "sch", ъ: "", ы: "y", ь: "",
    э: "e", ю: "yu", я: "ya",
  };
  const latin = name.toLowerCase().split("").map((c) => map[c] ?? c).join("");
  return latin.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "company";
}

/**
 * Platform operation (super admin): a new company with its first owner. An existing user becomes the owner
 * at once; otherwise an owner invitation link is returned.
 */
export async function createCompany(opts: {
  actor: TActor; name: string; inn: string | null; timezone: string; enabledModules: TModuleId[]; ownerEmail: string; ownerName: string;
}) {
  const email = opts.ownerEmail.trim().toLowerCase();
  return withSystem(async (tx) => {
    if (opts.inn && (await tx.company.findFirst({ where: { inn: opts.inn } }))) {
      throw new AppError("CONFLICT", `Компания с ИНН ${opts.inn} уже есть на платформе`);
    }
    const company = await tx.company.create({
      data: {
        name: opts.name.trim(), inn: opts.inn, timezone: opts.timezone, enabledModules: opts.enabledModules,
        slug: `${slugify(opts.name)}-${randomBytes(3).toString("hex")}`,
      },
    });
    const user = await tx.user.findUnique({ where: { email } });
    let invitationUrl: string | null = null;
    if (user) {
      await tx.membership.create({ data: { companyId: company.id, userId: user.id, role: "owner" } });
    } else {
      const token = randomBytes(32).toString("base64url");
      await tx.invitation.create({
        data: {
          companyId: company.id, email, name: opts.ownerName.trim(), role: "owner", tokenHash: hashInvitationToken(token),
          expiresAt: new Date(Date.now() + getEnv().INVITATION_TTL_HOURS * 3600_000), createdById: opts.actor.userId,
        },
      });
      invitationUrl = `${getEnv().APP_URL}/invite/${token}`;
    }
    await writeAudit(tx, company.id, opts.actor, {
      action: "company.created", entity: "Company", entityId: company.id,
      changes: { name: company.name, inn: company.inn, ownerEmail: email, enabledModules: company.enabledModules },
    });
    return { companyId: company.id, ownerAdded: !!user, invitationUrl };
  });
}
