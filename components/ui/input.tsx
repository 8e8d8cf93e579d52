import type { ComponentProps } from "react";
import { cn, controlBase } from "./utils";

export type InputProps = ComponentProps<"input"> & {
  /** Marks the field invalid (red border, aria-invalid). */
  invalid?: boolean;
};

export function Input({ className, type = "text", invalid, "aria-invalid": ariaInvalid, ...props }: InputProps) {
  return (
    <input
      type={type}
      aria-invalid={invalid || ariaInvalid || undefined}
      className={cn(
        controlBase,
        "h-9 px-3 py-1",
        "file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        className,
      )}
      {...props}
    />
  );
}
