"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, {});
  return (
    <form action={action} className="mt-4 space-y-3" data-testid="change-password-form">
      <FormField label="Текущий пароль" htmlFor="current"><Input id="current" name="current" type="password" autoComplete="current-password" required /></FormField>
      <FormField label="Новый пароль" htmlFor="next" hint="Не короче 8 символов"><Input id="next" name="next" type="password" autoComplete="new-password" required minLength={8} /></FormField>
      <FormField label="Новый пароль ещё раз" htmlFor="confirm"><Input id="confirm" name="confirm" type="password" autoComplete="new-password" required /></FormField>
      {state.error ? <Alert variant="danger">{state.error}</Alert> : null}
      <Button type="submit" className="w-full" loading={pending}>Сохранить</Button>
    </form>
  );
}
