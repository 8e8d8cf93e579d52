import type { ComponentProps, ReactNode } from "react";
import { cn } from "./utils";
import { EmptyState } from "./empty-state";
import { uiStrings } from "./strings";

export type TableProps = ComponentProps<"table"> & {
  /** Class of the scroll container around the table. */
  containerClassName?: string;
};

/** Wrapped in a horizontally scrollable, bordered container. */
export function Table({ className, containerClassName, ...props }: TableProps) {
  return (
    <div className={cn("relative w-full overflow-x-auto rounded-lg border border-border bg-surface", containerClassName)}>
      <table className={cn("w-full caption-bottom border-collapse text-sm tabular-nums", className)} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("bg-muted/60 [&_tr]:border-b [&_tr]:border-border", className)} {...props} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TR({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr
      className={cn(
        "border-b border-border transition-colors [tbody>&]:hover:bg-muted/50 data-[state=selected]:bg-primary-soft",
        className,
      )}
      {...props}
    />
  );
}

export function TH({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn(
        "h-9 px-3 text-left align-middle text-xs font-medium whitespace-nowrap text-muted-foreground",
        className,
      )}
      {...props}
    />
  );
}

export function TD({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-3 py-2.5 align-middle", className)} {...props} />;
}

export type DataTableEmptyProps = Omit<ComponentProps<"tr">, "title"> & {
  /** Number of columns the empty row spans. */
  colSpan: number;
  title?: ReactNode;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
};

/** Full-width row for an empty table body («Нет данных» by default). */
export function DataTableEmpty({
  colSpan,
  title = uiStrings.noData,
  description,
  icon,
  action,
  className,
  ...props
}: DataTableEmptyProps) {
  return (
    <tr className={cn("border-0", className)} {...props}>
      <td colSpan={colSpan} className="p-0">
        <EmptyState icon={icon} title={title} description={description} action={action} className="py-8" />
      </td>
    </tr>
  );
}
