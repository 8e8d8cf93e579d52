import type { ComponentProps } from "react";
import { cn, controlBase } from "./utils";

export type SelectOption = { value: string; label: string; disabled?: boolean };

export type SelectProps = ComponentProps<"select"> & {
  /** Options to render; alternatively pass <option> children. */
  options?: readonly SelectOption[];
  /** Adds a first option with an empty value, e.g. «Выберите…». */
  placeholder?: string;
  invalid?: boolean;
};

/** Native <select>, styled. Works with react-hook-form register() and Playwright selectOption(). */
export function Select({
  className,
  options,
  placeholder,
  invalid,
  "aria-invalid": ariaInvalid,
  children,
  ...props
}: SelectProps) {
  return (
    <select
      aria-invalid={invalid || ariaInvalid || undefined}
      className={cn(controlBase, "select-chevron h-9 cursor-pointer appearance-none py-1 pr-8 pl-3 disabled:cursor-not-allowed", className)}
      {...props}
    >
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {options?.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
      {children}
    </select>
  );
}
