import type { ComponentProps, ReactNode } from "react";
import { Inbox } from "lucide-react";
import { cn } from "./utils";

export type EmptyStateProps = Omit<ComponentProps<"div">, "title"> & {
  /** Icon element, e.g. <Users />. Defaults to an inbox; pass null to hide. */
  icon?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  /** Call to action, usually a <Button>. */
  action?: ReactNode;
};

export function EmptyState({ icon, title, description, action, className, ...props }: EmptyStateProps) {
  const shownIcon = icon === undefined ? <Inbox /> : icon;
  return (
    <div
      className={cn("flex flex-col items-center justify-center gap-2 px-6 py-10 text-center", className)}
      {...props}
    >
      {shownIcon ? (
        <div
          aria-hidden="true"
          className="mb-1 flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-5"
        >
          {shownIcon}
        </div>
      ) : null}
      <p className="text-sm font-semibold text-foreground">{title}</p>
      {description ? <p className="max-w-sm text-sm text-muted-foreground">{description}</p> : null}
      {action ? <div className="mt-2 flex flex-wrap items-center justify-center gap-2">{action}</div> : null}
    </div>
  );
}
