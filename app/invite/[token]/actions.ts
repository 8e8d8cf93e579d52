"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { acceptInvitation } from "@/server/tenancy/accept-invitation";
import { clientIp } from "@/server/auth/client-ip";
import { isAppError } from "@/server/errors";

const ZAccept = z.object({
  token: z.string().min(10),
  name: z.string().trim().min(2, "Укажите имя").max(100),
  password: z.string().min(8, "Пароль: не короче 8 символов").max(200).optional(),
  confirm: z.string().optional(),
}).refine((v) => !v.password || v.password === v.confirm, { message: "Пароли не совпадают", path: ["confirm"] });

export async function acceptInvitationAction(_prev: { error?: string }, form: FormData): Promise<{ error?: string }> {
  const parsed = ZAccept.safeParse({
    token: form.get("token"), name: form.get("name"),
    password: form.get("password") || undefined, confirm: form.get("confirm") || undefined,
  });
  if (!parsed.success) return { error: parsed.error.issues[0]!.message };
  let email: string;
  try {
    ({ email } = await acceptInvitation({ ...parsed.data, ip: clientIp(await headers()) }));
  } catch (err) {
    if (isAppError(err)) return { error: err.userMessage };
    throw err;
  }
  redirect(`/login?accepted=1&email=${encodeURIComponent(email)}`);
}
