import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Merge class names; later Tailwind classes win over earlier conflicting ones. */
export function cn(...classes: ClassValue[]): string {
  return twMerge(clsx(classes));
}

/** Shared visible focus ring for buttons, links and other clickable primitives. */
export const focusRing =
  "outline-none focus-visible:outline-2 focus-visible:outline-solid focus-visible:outline-offset-2 focus-visible:outline-ring";

/** Shared look of text-like form controls (input, textarea, select). */
export const controlBase =
  "w-full min-w-0 rounded-md border border-input bg-surface text-sm text-foreground shadow-xs transition-[border-color,box-shadow] " +
  "placeholder:text-subtle-foreground " +
  "outline-none focus-visible:border-primary focus-visible:ring-3 focus-visible:ring-primary/20 " +
  "disabled:cursor-not-allowed disabled:bg-muted disabled:text-muted-foreground disabled:opacity-70 " +
  "aria-invalid:border-danger aria-invalid:focus-visible:ring-danger/20";

/** Join element ids for aria-describedby / aria-labelledby; undefined when empty. */
export function joinIds(...ids: Array<string | false | null | undefined>): string | undefined {
  const joined = ids.filter(Boolean).join(" ");
  return joined || undefined;
}
