"use server";

import { redirect } from "next/navigation";
import { signOut, updateSession } from "@/server/auth/auth";

export async function switchCompanyAction(companyId: string): Promise<void> {
  await updateSession({ companyId } as never);
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
