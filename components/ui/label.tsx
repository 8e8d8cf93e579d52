import type { ComponentProps } from "react";
import { cn } from "./utils";

export type LabelProps = ComponentProps<"label"> & {
  /** Shows a red asterisk (decorative; mark the control itself as required). */
  required?: boolean;
};

export function Label({ className, required, children, ...props }: LabelProps) {
  return (
    <label
      className={cn(
        "inline-flex items-center gap-1 text-sm leading-none font-medium text-foreground select-none",
        "peer-disabled:cursor-not-allowed peer-disabled:opacity-60",
        className,
      )}
      {...props}
    >
      {children}
      {required ? (
        <span aria-hidden="true" className="text-danger">
          *
        </span>
      ) : null}
    </label>
  );
}
