"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormField } from "@/components/ui/form-field";
import { Alert } from "@/components/ui/alert";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { ROLE_OPTIONS } from "./roles";

type TProps = { open: boolean; onOpenChange: (open: boolean) => void; onDone: () => void };

export function InviteDialog({ open, onOpenChange, onDone }: TProps) {
  const trpc = useTRPC();
  const [form, setForm] = useState({ email: "", name: "", role: "manager", method: "link" as "link" | "password" });
  const invite = useMutation(trpc.members.invite.mutationOptions({ onSuccess: () => onDone() }));
  const errors = fieldErrors(invite.error);
  const result = invite.data;

  function close(next: boolean) {
    onOpenChange(next);
    if (!next) { invite.reset(); setForm({ email: "", name: "", role: "manager", method: "link" }); }
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent title="Пригласить пользователя" description="Ссылка-приглашение с ограниченным сроком или одноразовый пароль">
        {result ? (
          <div className="space-y-3" data-testid="invite-result">
            {result.method === "link" ? (
              <>
                <p className="text-sm">Отправьте ссылку приглашённому. Она действует до {formatDateTime(result.expiresAt)}.</p>
                <Input readOnly value={result.url} data-testid="invite-link" onFocus={(e) => e.currentTarget.select()} />
              </>
            ) : result.oneTimePassword ? (
              <>
                <p className="text-sm">Учётная запись создана. Передайте данные для входа; пароль показывается один раз и потребует смены при первом входе.</p>
                <div className="rounded-md bg-muted p-3 font-mono text-sm">
                  <div>{result.email}</div>
                  <div data-testid="invite-otp">{result.oneTimePassword}</div>
                </div>
              </>
            ) : (
              <p className="text-sm">Пользователь {result.email} уже зарегистрирован и добавлен в компанию; он входит со своим паролем.</p>
            )}
            <DialogFooter>
              <Button variant="outline" onClick={() => { void navigator.clipboard?.writeText(result.method === "link" ? result.url : `${result.email} ${result.oneTimePassword}`).then(() => toast.success("Скопировано")); }}>Скопировать</Button>
              <Button onClick={() => close(false)}>Готово</Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            className="space-y-3"
            data-testid="invite-form"
            onSubmit={(e) => { e.preventDefault(); invite.mutate(form); }}
          >
            <FormField label="Email" htmlFor="inv-email" error={errors.email?.[0]} required>
              <Input id="inv-email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} required />
            </FormField>
            <FormField label="Имя" htmlFor="inv-name" error={errors.name?.[0]} required>
              <Input id="inv-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
            </FormField>
            <FormField label="Роль" htmlFor="inv-role">
              <Select id="inv-role" value={form.role} options={ROLE_OPTIONS} onChange={(e) => setForm({ ...form, role: e.target.value })} />
            </FormField>
            <FormField label="Способ" htmlFor="inv-method">
              <Select
                id="inv-method"
                value={form.method}
                options={[{ value: "link", label: "Ссылка-приглашение" }, { value: "password", label: "Сразу создать с одноразовым паролем" }]}
                onChange={(e) => setForm({ ...form, method: e.target.value as "link" | "password" })}
              />
            </FormField>
            {invite.error && !Object.keys(errors).length ? <Alert variant="danger">{errorMessage(invite.error)}</Alert> : null}
            <DialogFooter>
              <Button variant="outline" onClick={() => close(false)}>Отмена</Button>
              <Button type="submit" loading={invite.isPending} data-testid="invite-submit">Пригласить</Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
