import type { ComponentProps } from "react";
import { cn, focusRing } from "./utils";
import { Spinner } from "./spinner";

const variants = {
  primary: "bg-primary text-primary-foreground shadow-xs hover:bg-primary-hover",
  secondary: "bg-muted text-foreground hover:bg-muted-hover",
  outline: "border border-input bg-surface text-foreground shadow-xs hover:bg-muted",
  ghost: "text-foreground hover:bg-muted",
  danger: "bg-danger text-danger-foreground shadow-xs hover:bg-danger-hover",
} as const;

const sizes = {
  sm: "h-8 gap-1.5 px-2.5 text-[13px] [&_svg:not([class*='size-'])]:size-3.5",
  md: "h-9 gap-2 px-3.5 text-sm [&_svg:not([class*='size-'])]:size-4",
  icon: "size-9 [&_svg:not([class*='size-'])]:size-4",
  "icon-sm": "size-8 [&_svg:not([class*='size-'])]:size-3.5",
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

/** Class names of a button; use for links that must look like buttons. */
export function buttonVariants({
  variant = "primary",
  size = "md",
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  return cn(
    "inline-flex shrink-0 select-none items-center justify-center whitespace-nowrap rounded-md font-medium transition-colors",
    "disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50",
    "[&_svg]:pointer-events-none [&_svg]:shrink-0",
    focusRing,
    variants[variant],
    sizes[size],
    className,
  );
}

export type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Shows a spinner, disables the button and sets aria-busy. */
  loading?: boolean;
};

/** Defaults to type="button"; pass type="submit" inside forms. */
export function Button({
  variant = "primary",
  size = "md",
  loading = false,
  disabled,
  type = "button",
  className,
  children,
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      data-loading={loading || undefined}
      className={buttonVariants({ variant, size, className })}
      {...props}
    >
      {loading ? <Spinner decorative size={size === "sm" || size === "icon-sm" ? "sm" : "md"} /> : null}
      {size === "icon" || size === "icon-sm" ? (loading ? null : children) : children}
    </button>
  );
}
