"use client";

import type { ComponentProps, ReactNode } from "react";
import { Dialog as DialogPrimitive, VisuallyHidden } from "radix-ui";
import { X } from "lucide-react";
import { cn, focusRing } from "./utils";
import { uiStrings } from "./strings";

/** Root: controlled (open/onOpenChange) or uncontrolled (defaultOpen). */
export const Dialog = DialogPrimitive.Root;
/** Use with asChild: <DialogTrigger asChild><Button>…</Button></DialogTrigger>. */
export const DialogTrigger = DialogPrimitive.Trigger;
/** Closes the dialog; use with asChild around a Button. */
export const DialogClose = DialogPrimitive.Close;

const sizes = {
  sm: "max-w-sm",
  md: "max-w-lg",
  lg: "max-w-2xl",
  xl: "max-w-4xl",
} as const;

/* Shared with confirm-dialog.tsx so both look identical. */
export const dialogOverlayClass =
  "fixed inset-0 z-50 bg-overlay data-[state=open]:animate-fade-in data-[state=closed]:animate-fade-out";
export const dialogContentClass =
  "fixed top-1/2 left-1/2 z-50 flex max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 flex-col " +
  "overflow-hidden rounded-lg border border-border bg-surface text-foreground shadow-xl outline-none " +
  "data-[state=open]:animate-pop-in data-[state=closed]:animate-pop-out";
export const dialogTitleClass = "text-base leading-snug font-semibold text-foreground";
export const dialogDescriptionClass = "text-sm text-muted-foreground";

export type DialogContentProps = Omit<ComponentProps<typeof DialogPrimitive.Content>, "title"> & {
  /** Accessible title, shown in the header. Required. */
  title: ReactNode;
  /** Optional text under the title (linked via aria-describedby). */
  description?: ReactNode;
  /** Keep the title for screen readers but do not show it. */
  hideTitle?: boolean;
  size?: keyof typeof sizes;
  /** Show the × button in the corner. Default true. */
  showCloseButton?: boolean;
};

export function DialogContent({
  title,
  description,
  hideTitle = false,
  size = "md",
  showCloseButton = true,
  className,
  children,
  ...props
}: DialogContentProps) {
  const titleNode = <DialogPrimitive.Title className={dialogTitleClass}>{title}</DialogPrimitive.Title>;
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className={dialogOverlayClass} />
      <DialogPrimitive.Content
        {...(description ? {} : { "aria-describedby": undefined })}
        className={cn(dialogContentClass, sizes[size], className)}
        {...props}
      >
        <div className={cn("flex flex-col gap-1 px-5 pt-4", hideTitle && !description ? "pt-0" : "pb-1", showCloseButton && "pr-12")}>
          {hideTitle ? <VisuallyHidden.Root>{titleNode}</VisuallyHidden.Root> : titleNode}
          {description ? (
            <DialogPrimitive.Description className={dialogDescriptionClass}>{description}</DialogPrimitive.Description>
          ) : null}
        </div>
        <div className="min-h-0 overflow-y-auto px-5 py-3">{children}</div>
        {showCloseButton ? (
          <DialogPrimitive.Close
            aria-label={uiStrings.close}
            className={cn(
              "absolute top-3 right-3 inline-flex size-7 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-muted hover:text-foreground",
              focusRing,
            )}
          >
            <X className="size-4" aria-hidden="true" />
          </DialogPrimitive.Close>
        ) : null}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

/** Bottom action row (sticks to the bottom when the body scrolls); put it as the last child of DialogContent. Primary action goes last (right). */
export function DialogFooter({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      className={cn(
        "sticky -bottom-3 -mx-5 -mb-3 mt-2 flex flex-col-reverse gap-2 border-t border-border bg-background px-5 py-3 sm:flex-row sm:justify-end",
        className,
      )}
      {...props}
    />
  );
}
