import type { ComponentProps } from "react";
import { cn } from "./utils";

const variants = {
  neutral: "border-border bg-muted text-foreground",
  success: "border-success-border bg-success-soft text-success-strong",
  warning: "border-warning-border bg-warning-soft text-warning-strong",
  danger: "border-danger-border bg-danger-soft text-danger-strong",
  info: "border-primary-border bg-primary-soft text-primary-strong",
} as const;

const dots = {
  neutral: "bg-subtle-foreground",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-danger",
  info: "bg-primary",
} as const;

export type BadgeVariant = keyof typeof variants;

export type BadgeProps = ComponentProps<"span"> & {
  variant?: BadgeVariant;
  /** Small coloured dot before the text (status indicators). */
  dot?: boolean;
};

export function Badge({ variant = "neutral", dot = false, className, children, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs leading-4 font-medium whitespace-nowrap",
        "[&_svg]:size-3 [&_svg]:shrink-0",
        variants[variant],
        className,
      )}
      {...props}
    >
      {dot ? <span aria-hidden="true" className={cn("size-1.5 rounded-full", dots[variant])} /> : null}
      {children}
    </span>
  );
}
