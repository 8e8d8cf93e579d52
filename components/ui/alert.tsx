import type { ComponentProps, ReactNode } from "react";
import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import { cn } from "./utils";

const variants = {
  info: { box: "border-info-border bg-info-soft text-info-strong", icon: <Info /> },
  success: { box: "border-success-border bg-success-soft text-success-strong", icon: <CircleCheck /> },
  warning: { box: "border-warning-border bg-warning-soft text-warning-strong", icon: <TriangleAlert /> },
  danger: { box: "border-danger-border bg-danger-soft text-danger-strong", icon: <CircleAlert /> },
} as const;

export type AlertVariant = keyof typeof variants;

export type AlertProps = Omit<ComponentProps<"div">, "title"> & {
  variant?: AlertVariant;
  title?: ReactNode;
  /** Custom icon, or null to hide. Defaults to one per variant. */
  icon?: ReactNode;
  /** Buttons/links on the right. */
  actions?: ReactNode;
};

/**
 * Inline message box. Uses role="status" (polite), never role="alert":
 * Next.js renders its own role="alert" route announcer.
 */
export function Alert({ variant = "info", title, icon, actions, className, children, ...props }: AlertProps) {
  const v = variants[variant];
  const shownIcon = icon === undefined ? v.icon : icon;
  return (
    <div
      role="status"
      data-variant={variant}
      className={cn("flex items-start gap-3 rounded-md border px-3.5 py-3 text-sm", v.box, className)}
      {...props}
    >
      {shownIcon ? (
        <span aria-hidden="true" className="mt-px shrink-0 [&_svg]:size-4">
          {shownIcon}
        </span>
      ) : null}
      <div className="min-w-0 flex-1 space-y-0.5">
        {title ? <p className="leading-5 font-semibold">{title}</p> : null}
        {children ? <div className="leading-5 [&_a]:font-medium [&_a]:underline">{children}</div> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}
