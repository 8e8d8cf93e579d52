"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { loginAction, type TLoginState } from "./actions";

export function LoginForm({ next, email }: { next: string; email: string }) {
  const [state, action, pending] = useActionState<TLoginState, FormData>(loginAction, {});
  return (
    <Card>
      <CardContent className="pt-6">
        <form action={action} className="space-y-4" data-testid="login-form">
          <input type="hidden" name="next" value={next} />
          <FormField label="Email" htmlFor="email">
            <Input id="email" name="email" type="email" autoComplete="username" required defaultValue={state.email ?? email} autoFocus={!email} />
          </FormField>
          <FormField label="Пароль" htmlFor="password">
            <Input id="password" name="password" type="password" autoComplete="current-password" required autoFocus={!!email} />
          </FormField>
          {state.error ? <Alert variant="danger" data-testid="login-error">{state.error}</Alert> : null}
          <Button type="submit" className="w-full" loading={pending}>Войти</Button>
        </form>
      </CardContent>
    </Card>
  );
}
