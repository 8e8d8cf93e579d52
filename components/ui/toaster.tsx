"use client";

import type { ComponentProps, CSSProperties } from "react";
import { Toaster as Sonner } from "sonner";
import { uiStrings } from "./strings";

export { toast } from "sonner";

export type ToasterProps = ComponentProps<typeof Sonner>;

/**
 * Mount once in the root layout. Then, in client code:
 *   import { toast } from "@/components/ui/toaster";
 *   toast.success("Сохранено"); toast.error("Не удалось сохранить");
 */
export function Toaster({ toastOptions, ...props }: ToasterProps) {
  return (
    <Sonner
      position="bottom-right"
      richColors
      closeButton
      duration={5000}
      visibleToasts={4}
      containerAriaLabel={uiStrings.notifications}
      style={
        {
          "--normal-bg": "var(--color-surface)",
          "--normal-text": "var(--color-foreground)",
          "--normal-border": "var(--color-border)",
          "--border-radius": "var(--radius-md)",
          fontFamily: "var(--font-sans)",
        } as CSSProperties
      }
      toastOptions={{
        closeButtonAriaLabel: uiStrings.close,
        ...toastOptions,
        classNames: {
          toast: "text-sm shadow-lg",
          title: "font-medium",
          description: "text-[13px]",
          ...toastOptions?.classNames,
        },
      }}
      {...props}
    />
  );
}
