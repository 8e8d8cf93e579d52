"use client";

import type { ReactNode } from "react";
import { Pencil, Trash2 } from "lucide-react";
import { errorMessage } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";

/**
 * A row's trash button that asks before deleting. A failed deletion shows its error and leaves the dialog open.
 * `label` names the row for screen readers and tests («Удалить …»).
 */
export function ConfirmDeleteButton({ label, title, description, onDelete }: { label: string; title: ReactNode; description?: ReactNode; onDelete: () => Promise<unknown> }) {
  return (
    <ConfirmDialog
      trigger={<Button variant="ghost" size="icon-sm" aria-label={label}><Trash2 /></Button>}
      title={title}
      description={description}
      onConfirm={() => onDelete().catch((e: unknown) => { toast.error(errorMessage(e)); return false; })}
    />
  );
}

/** A table row's last cell for editors: «Изменить» and a confirmed «Удалить» of the row named `name`. */
export function EditDeleteCell({ name, onEdit, deleteTitle, deleteDescription, onDelete }: { name: string; onEdit: () => void; deleteTitle: ReactNode; deleteDescription?: ReactNode; onDelete: () => Promise<unknown> }) {
  return (
    <>
      <Button variant="ghost" size="icon-sm" aria-label={`Изменить ${name}`} onClick={onEdit}><Pencil /></Button>
      <ConfirmDeleteButton label={`Удалить ${name}`} title={deleteTitle} description={deleteDescription} onDelete={onDelete} />
    </>
  );
}
