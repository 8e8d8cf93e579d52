import type { ComponentProps } from "react";
import { cn } from "./utils";
import { uiStrings } from "./strings";

const bars = {
  primary: "bg-primary",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-danger",
} as const;

export type ProgressProps = Omit<ComponentProps<"div">, "children"> & {
  /** 0–100; clamped. Omit (or null) for an indeterminate state. */
  value?: number | null;
  variant?: keyof typeof bars;
  size?: "sm" | "md";
  /** Accessible name; defaults to «Прогресс». */
  label?: string;
  /** Show «42%» to the right of the bar. */
  showValue?: boolean;
};

export function Progress({
  value,
  variant = "primary",
  size = "md",
  label = uiStrings.progress,
  showValue = false,
  className,
  ...props
}: ProgressProps) {
  const determinate = typeof value === "number" && Number.isFinite(value);
  const pct = determinate ? Math.min(100, Math.max(0, value)) : 0;
  const rounded = Math.round(pct);
  return (
    <div className={cn("flex items-center gap-3", className)}>
      <div
        role="progressbar"
        aria-label={props["aria-labelledby"] ? undefined : label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={determinate ? rounded : undefined}
        aria-valuetext={determinate ? `${rounded}%` : undefined}
        data-state={determinate ? (pct >= 100 ? "complete" : "loading") : "indeterminate"}
        className={cn("relative w-full overflow-hidden rounded-full bg-muted-hover", size === "sm" ? "h-1.5" : "h-2")}
        {...props}
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-300 ease-out",
            bars[variant],
            !determinate && "w-1/3 animate-pulse",
          )}
          style={determinate ? { width: `${pct}%` } : undefined}
        />
      </div>
      {showValue && determinate ? (
        <span aria-hidden="true" className="w-10 shrink-0 text-right text-xs text-muted-foreground tabular-nums">
          {rounded}%
        </span>
      ) : null}
    </div>
  );
}
