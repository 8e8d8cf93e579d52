import type { ComponentProps } from "react";
import { cn, controlBase } from "./utils";

export type TextareaProps = ComponentProps<"textarea"> & {
  invalid?: boolean;
};

export function Textarea({ className, rows = 4, invalid, "aria-invalid": ariaInvalid, ...props }: TextareaProps) {
  return (
    <textarea
      rows={rows}
      aria-invalid={invalid || ariaInvalid || undefined}
      className={cn(controlBase, "min-h-16 resize-y px-3 py-2 leading-normal", className)}
      {...props}
    />
  );
}
