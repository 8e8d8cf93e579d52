import { beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../db";
import { callerFor, createCompany, createMember } from "../test/factories";
import { acceptInvitation, getInvitation } from "./accept-invitation";
import { hashInvitationToken } from "./invite-member";
import { authenticateUser } from "../auth/authenticate-user";
import { changePassword } from "../auth/change-password";

let companyId: string;
let owner: Awaited<ReturnType<typeof createMember>>;
let admin: Awaited<ReturnType<typeof createMember>>;

beforeAll(async () => {
  companyId = (await createCompany()).id;
  owner = await createMember(companyId, "owner");
  admin = await createMember(companyId, "admin");
});

describe("the last owner", () => {
  it("cannot be demoted or deactivated", async () => {
    const caller = callerFor(owner.user, companyId);
    await expect(caller.members.changeRole({ membershipId: owner.membership.id, role: "admin" }))
      .rejects.toThrow("Нельзя понизить последнего владельца");
    const other = await createMember(companyId, "manager");
    await expect(callerFor(other.user, companyId).members.setActive({ membershipId: owner.membership.id, active: false }))
      .rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(admin.user, companyId).members.setActive({ membershipId: owner.membership.id, active: false }))
      .rejects.toThrow("Отключить владельца может только владелец");
  });

  it("can be demoted once there is another owner; admins cannot grant ownership", async () => {
    await expect(callerFor(admin.user, companyId).members.changeRole({ membershipId: admin.membership.id, role: "owner" }))
      .rejects.toThrow("Назначить владельца может только владелец");
    const second = await createMember(companyId, "manager");
    const caller = callerFor(owner.user, companyId);
    await caller.members.changeRole({ membershipId: second.membership.id, role: "owner" });
    await caller.members.changeRole({ membershipId: owner.membership.id, role: "admin" });
    await callerFor(second.user, companyId).members.changeRole({ membershipId: owner.membership.id, role: "owner" });
    const audit = await withSystem((tx) => tx.auditLog.findMany({ where: { companyId, action: "member.role_changed" } }));
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(audit.every((a) => a.ip === "127.0.0.1" && a.requestId)).toBe(true);
  });
});

describe("invitations", () => {
  it("accepts a link once, creating the account", async () => {
    const caller = callerFor(admin.user, companyId);
    const res = await caller.members.invite({ email: "New.Person@Test.ru", name: "Новый", role: "seller", method: "link" });
    if (res.method !== "link") throw new Error("expected a link");
    const token = res.url.split("/").pop()!;
    expect(await getInvitation(token)).toMatchObject({ email: "new.person@test.ru", hasAccount: false });
    await expect(caller.members.invite({ email: "new.person@test.ru", name: "Новый", role: "seller", method: "link" }))
      .rejects.toMatchObject({ code: "CONFLICT" });
    await acceptInvitation({ token, name: "Новый Человек", password: "long-password-1" });
    await expect(acceptInvitation({ token, name: "x", password: "long-password-1" })).rejects.toThrow("уже использовано");
    const user = await authenticateUser({ email: "new.person@test.ru", password: "long-password-1", ip: "1.2.3.4" });
    expect(user.name).toBe("Новый Человек");
  });

  it("refuses an expired invitation with a clear message", async () => {
    const token = "expired-token-0123456789abcdef";
    await withSystem((tx) => tx.invitation.create({
      data: { companyId, email: "late@test.ru", name: "Поздний", role: "viewer", tokenHash: hashInvitationToken(token), expiresAt: new Date(Date.now() - 1000) },
    }));
    await expect(getInvitation(token)).rejects.toThrow("Срок действия приглашения истёк");
    await expect(acceptInvitation({ token, name: "x", password: "long-password-1" })).rejects.toThrow("истёк");
    const user = await withSystem((tx) => tx.user.findUnique({ where: { email: "late@test.ru" } }));
    expect(user).toBeNull();
  });

  it("creates an account with a one-time password that must be changed", async () => {
    const res = await callerFor(admin.user, companyId).members.invite({ email: "otp@test.ru", name: "Разовый", role: "viewer", method: "password" });
    if (res.method !== "password") throw new Error("expected a password");
    expect(res.oneTimePassword).toMatch(/^[A-Za-z2-9]{12}$/);
    await authenticateUser({ email: "otp@test.ru", password: res.oneTimePassword, ip: "1.2.3.4" });
    const user = await withSystem((tx) => tx.user.findUnique({ where: { email: "otp@test.ru" } }));
    expect(user?.mustChangePassword).toBe(true);

    await expect(changePassword({ userId: user!.id, current: "wrong", next: "my-own-password" })).rejects.toThrow("Текущий пароль введён неверно");
    await changePassword({ userId: user!.id, current: res.oneTimePassword, next: "my-own-password", ip: "5.6.7.8" });
    const after = await withSystem((tx) => tx.user.findUnique({ where: { id: user!.id } }));
    expect(after?.mustChangePassword).toBe(false);
    const audit = await withSystem((tx) => tx.auditLog.findFirst({ where: { companyId, action: "user.password_changed", actorId: user!.id } }));
    expect(audit?.ip).toBe("5.6.7.8");
    expect(JSON.stringify(audit)).not.toContain("my-own-password");
  });
});

describe("sign-in", () => {
  it("rate limits failures per email and IP with a clear message", async () => {
    const m = await createMember(companyId, "viewer", { password: "right-password" });
    for (let i = 0; i < 10; i++) {
      await expect(authenticateUser({ email: m.user.email, password: "wrong", ip: "9.9.9.9" })).rejects.toThrow("Неверный email или пароль");
    }
    await expect(authenticateUser({ email: m.user.email, password: "right-password", ip: "9.9.9.9" })).rejects.toThrow("Слишком много неудачных попыток");
    // Another IP is not locked out.
    await expect(authenticateUser({ email: m.user.email, password: "right-password", ip: "8.8.8.8" })).resolves.toMatchObject({ email: m.user.email });
  });

  it("refuses a user whose only membership is deactivated", async () => {
    const m = await createMember(companyId, "seller", { password: "right-password" });
    await callerFor(admin.user, companyId).members.setActive({ membershipId: m.membership.id, active: false });
    await expect(authenticateUser({ email: m.user.email, password: "right-password", ip: "7.7.7.7" })).rejects.toThrow("отключена");
    await expect(callerFor(m.user, companyId).members.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("platform companies (super admin)", () => {
  it("only a super admin creates companies; the owner is invited", async () => {
    await expect(callerFor(owner.user, companyId).platform.companies({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const root = await createMember(companyId, "viewer");
    await withSystem((tx) => tx.user.update({ where: { id: root.user.id }, data: { superAdmin: true } }));
    const caller = callerFor({ ...root.user, superAdmin: true }, companyId);
    const res = await caller.platform.createCompany({ name: "ООО «Василёк»", inn: "7712345678", ownerEmail: "boss@vasilek.ru", ownerName: "Босс", enabledModules: ["crm"] });
    expect(res.ownerAdded).toBe(false);
    expect(res.invitationUrl).toMatch(/\/invite\//);
    await expect(caller.platform.createCompany({ name: "Дубль", inn: "7712345678", ownerEmail: "x@y.ru", ownerName: "Икс" }))
      .rejects.toMatchObject({ code: "CONFLICT" });
    const list = await caller.platform.companies({ search: "Василёк" });
    expect(list).toHaveLength(1);
    expect(list[0]!.enabledModules).toEqual(["crm"]);
    const invite = await getInvitation(res.invitationUrl!.split("/").pop()!);
    expect(invite).toMatchObject({ role: "owner", companyName: "ООО «Василёк»" });
  });
});
