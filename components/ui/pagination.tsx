import type { ComponentProps } from "react";
import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { cn } from "./utils";
import { Button, buttonVariants } from "./button";
import { uiStrings } from "./strings";

export type PaginationProps = Omit<ComponentProps<"nav">, "children"> & {
  /** Current page, 1-based. */
  page: number;
  pageSize: number;
  /** Total number of records. */
  total: number;
  /** Client-side paging: called with the new page (use from a client component). */
  onPageChange?: (page: number) => void;
  /** URL-based paging: prev/next become links (works in server components). */
  hrefForPage?: (page: number) => string;
  /** Disable both buttons, e.g. while the next page is loading. */
  disabled?: boolean;
  /** `total` is a lower bound (the server stopped counting): shown as «из 1 000+». */
  totalIsLowerBound?: boolean;
};

/** «Показано 1–20 из 134» + «Назад» / «Вперёд». */
export function Pagination({
  page,
  pageSize,
  total,
  onPageChange,
  hrefForPage,
  disabled = false,
  totalIsLowerBound = false,
  className,
  ...props
}: PaginationProps) {
  const safeSize = Math.max(1, Math.floor(pageSize));
  const pageCount = Math.max(1, Math.ceil(Math.max(0, total) / safeSize));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const from = total > 0 ? (current - 1) * safeSize + 1 : 0;
  const to = Math.min(current * safeSize, Math.max(0, total));
  const hasPrev = current > 1;
  const hasNext = current < pageCount;

  const renderControl = (target: number, enabled: boolean, rel: "prev" | "next") => {
    const label = rel === "prev" ? uiStrings.prev : uiStrings.next;
    const content =
      rel === "prev" ? (
        <>
          <ChevronLeft aria-hidden="true" />
          {label}
        </>
      ) : (
        <>
          {label}
          <ChevronRight aria-hidden="true" />
        </>
      );
    const padding = rel === "prev" ? "pl-1.5" : "pr-1.5";
    if (hrefForPage && enabled && !disabled) {
      return (
        <Link
          href={hrefForPage(target)}
          rel={rel}
          className={buttonVariants({ variant: "outline", size: "sm", className: padding })}
        >
          {content}
        </Link>
      );
    }
    return (
      <Button
        variant="outline"
        size="sm"
        className={padding}
        disabled={!enabled || disabled}
        onClick={onPageChange ? () => onPageChange(target) : undefined}
      >
        {content}
      </Button>
    );
  };

  return (
    <nav
      aria-label={uiStrings.pagination}
      className={cn("flex flex-wrap items-center justify-between gap-3 py-3 text-sm", className)}
      {...props}
    >
      <p className="text-muted-foreground tabular-nums" aria-live="polite">
        {total > 0 ? (totalIsLowerBound ? uiStrings.shownAtLeast(from, to, total) : uiStrings.shown(from, to, total)) : uiStrings.noRecords}
      </p>
      <div className="flex items-center gap-2">
        {renderControl(current - 1, hasPrev, "prev")}
        {renderControl(current + 1, hasNext, "next")}
      </div>
    </nav>
  );
}
