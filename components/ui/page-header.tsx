import type { ComponentProps, ReactNode } from "react";
import { cn } from "./utils";

export type PageHeaderProps = Omit<ComponentProps<"div">, "title"> & {
  /** Rendered as the page's <h1>. */
  title: ReactNode;
  description?: ReactNode;
  /** Buttons on the right (wrap under the title on narrow screens). */
  actions?: ReactNode;
  /** Small content above the title, e.g. breadcrumbs or a back link. */
  eyebrow?: ReactNode;
};

export function PageHeader({ title, description, actions, eyebrow, className, children, ...props }: PageHeaderProps) {
  return (
    <div className={cn("mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between", className)} {...props}>
      <div className="min-w-0 space-y-1">
        {eyebrow ? <div className="text-xs text-muted-foreground">{eyebrow}</div> : null}
        <h1 className="text-xl leading-tight font-semibold tracking-tight text-foreground">{title}</h1>
        {description ? <p className="max-w-3xl text-sm text-muted-foreground">{description}</p> : null}
        {children}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
