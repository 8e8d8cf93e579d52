import type { ComponentProps } from "react";
import { cn } from "./utils";

/** Grey placeholder block while content loads. Size it with className (h-4 w-32 …). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-muted-hover/70", className)} {...props} />;
}
