"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token, name, hasAccount }: { token: string; name: string; hasAccount: boolean }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, {});
  return (
    <form action={action} className="mt-4 space-y-3" data-testid="accept-form">
      <input type="hidden" name="token" value={token} />
      <FormField label="Ваше имя" htmlFor="name"><Input id="name" name="name" defaultValue={name} required /></FormField>
      {hasAccount ? (
        <p className="text-sm text-muted-foreground">У вас уже есть учётная запись: после принятия войдите со своим паролем.</p>
      ) : (
        <>
          <FormField label="Пароль" htmlFor="password" hint="Не короче 8 символов"><Input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} /></FormField>
          <FormField label="Пароль ещё раз" htmlFor="confirm"><Input id="confirm" name="confirm" type="password" autoComplete="new-password" required /></FormField>
        </>
      )}
      {state.error ? <Alert variant="danger" data-testid="accept-error">{state.error}</Alert> : null}
      <Button type="submit" className="w-full" loading={pending} data-testid="accept-submit">Принять приглашение</Button>
    </form>
  );
}
