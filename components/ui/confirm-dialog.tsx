"use client";

import { useState, type ReactNode } from "react";
import { AlertDialog } from "radix-ui";
import { cn } from "./utils";
import { Button, type ButtonVariant } from "./button";
import { uiStrings } from "./strings";
import { dialogContentClass, dialogDescriptionClass, dialogOverlayClass, dialogTitleClass } from "./dialog";

export type ConfirmDialogProps = {
  /** Element that opens the dialog (rendered with asChild), e.g. <Button variant="danger">Удалить</Button>. */
  trigger?: ReactNode;
  /** Controlled mode (instead of / in addition to trigger). */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** Default «Удалить». */
  confirmLabel?: ReactNode;
  /** Default «Отмена». */
  cancelLabel?: ReactNode;
  /** Confirm button style; default "danger". */
  confirmVariant?: Extract<ButtonVariant, "danger" | "primary">;
  /**
   * Runs on confirm. While the promise is pending the confirm button shows a
   * spinner and the dialog cannot be dismissed. The dialog closes when it
   * resolves; it stays open if it rejects or resolves to `false` (show the
   * error yourself, e.g. with toast.error).
   */
  onConfirm: () => unknown | Promise<unknown>;
  /** Extra content between the description and the buttons. */
  children?: ReactNode;
  className?: string;
  "data-testid"?: string;
};

/** Destructive-action confirmation (role="alertdialog"; Cancel is focused first). */
export function ConfirmDialog({
  trigger,
  open: openProp,
  onOpenChange,
  title,
  description,
  confirmLabel = uiStrings.delete,
  cancelLabel = uiStrings.cancel,
  confirmVariant = "danger",
  onConfirm,
  children,
  className,
  "data-testid": testId,
}: ConfirmDialogProps) {
  const [innerOpen, setInnerOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const open = openProp ?? innerOpen;

  const setOpen = (next: boolean) => {
    if (pending && !next) return;
    if (openProp === undefined) setInnerOpen(next);
    onOpenChange?.(next);
  };

  const handleConfirm = async () => {
    setPending(true);
    let close = true;
    try {
      const result = await onConfirm();
      if (result === false) close = false;
    } catch {
      close = false;
    } finally {
      setPending(false);
    }
    if (close) {
      if (openProp === undefined) setInnerOpen(false);
      onOpenChange?.(false);
    }
  };

  return (
    <AlertDialog.Root open={open} onOpenChange={setOpen}>
      {trigger ? <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger> : null}
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={dialogOverlayClass} />
        <AlertDialog.Content
          {...(description ? {} : { "aria-describedby": undefined })}
          data-testid={testId}
          onEscapeKeyDown={(e) => {
            if (pending) e.preventDefault();
          }}
          className={cn(dialogContentClass, "max-w-md gap-2 px-5 pt-4 pb-4", className)}
        >
          <AlertDialog.Title className={dialogTitleClass}>{title}</AlertDialog.Title>
          {description ? (
            <AlertDialog.Description className={dialogDescriptionClass}>{description}</AlertDialog.Description>
          ) : null}
          {children ? <div className="text-sm">{children}</div> : null}
          <div className="mt-3 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <AlertDialog.Cancel asChild>
              <Button variant="outline" disabled={pending}>
                {cancelLabel}
              </Button>
            </AlertDialog.Cancel>
            <Button variant={confirmVariant} loading={pending} onClick={handleConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
