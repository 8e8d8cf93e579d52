import type { ComponentProps } from "react";
import { LoaderCircle } from "lucide-react";
import { cn } from "./utils";
import { uiStrings } from "./strings";

const sizes = {
  sm: "size-3.5",
  md: "size-4",
  lg: "size-6",
} as const;

export type SpinnerProps = Omit<ComponentProps<"span">, "children"> & {
  size?: keyof typeof sizes;
  /** Text for screen readers. Defaults to «Загрузка…». */
  label?: string;
  /** Hide from assistive tech (e.g. inside a button that already sets aria-busy). */
  decorative?: boolean;
};

export function Spinner({ size = "md", label = uiStrings.loading, decorative = false, className, ...props }: SpinnerProps) {
  return (
    <span
      role={decorative ? undefined : "status"}
      aria-label={decorative ? undefined : label}
      aria-hidden={decorative ? true : undefined}
      className={cn("inline-flex shrink-0 items-center justify-center text-current", className)}
      {...props}
    >
      <LoaderCircle className={cn("animate-spin", sizes[size])} aria-hidden="true" />
    </span>
  );
}
