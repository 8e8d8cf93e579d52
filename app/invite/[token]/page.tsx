import type { Metadata } from "next";
import { getInvitation } from "@/server/tenancy/accept-invitation";
import { isAppError } from "@/server/errors";
import { roleLabel } from "@/components/settings/roles";
import { AcceptInvitationForm } from "./accept-form";

export const metadata: Metadata = { title: "Приглашение" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: Awaited<ReturnType<typeof getInvitation>> | null = null;
  let problem: string | null = null;
  try {
    invitation = await getInvitation(token);
  } catch (err) {
    if (!isAppError(err)) throw err;
    problem = err.userMessage;
  }
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted px-4">
      <div className="w-full max-w-md rounded-lg border border-border bg-surface p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Приглашение в Пульт</h1>
        {problem || !invitation ? (
          <p className="mt-3 text-sm text-danger" data-testid="invite-problem">{problem}</p>
        ) : (
          <>
            <p className="mt-2 text-sm text-muted-foreground">
              {invitation.companyName} приглашает вас ({invitation.email}) с ролью «{roleLabel(invitation.role)}».
            </p>
            <AcceptInvitationForm token={token} name={invitation.name} hasAccount={invitation.hasAccount} />
          </>
        )}
      </div>
    </main>
  );
}
