import type { ComponentProps, ReactNode } from "react";
import { useId } from "react";
import { cn, joinIds } from "./utils";

export type CheckboxProps = Omit<ComponentProps<"input">, "type"> & {
  /** Optional inline label rendered to the right of the box. */
  label?: ReactNode;
  /** Secondary text under the label. */
  description?: ReactNode;
  /** Class of the wrapper when label/description are used. */
  containerClassName?: string;
  invalid?: boolean;
};

const boxClass =
  "peer size-4 shrink-0 cursor-pointer rounded-sm border border-input accent-primary " +
  "outline-none focus-visible:outline-2 focus-visible:outline-solid focus-visible:outline-offset-2 focus-visible:outline-ring " +
  "disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:outline-1 aria-invalid:outline-solid aria-invalid:outline-danger";

/** Native checkbox. With `label`, the whole row is clickable. */
export function Checkbox({
  className,
  containerClassName,
  label,
  description,
  invalid,
  id,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
  ...props
}: CheckboxProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const descId = description ? `${inputId}-desc` : undefined;
  const input = (
    <input
      type="checkbox"
      id={inputId}
      aria-invalid={invalid || ariaInvalid || undefined}
      aria-describedby={joinIds(ariaDescribedBy, descId)}
      className={cn(boxClass, label || description ? "mt-0.5" : undefined, className)}
      {...props}
    />
  );
  if (!label && !description) return input;
  return (
    <div className={cn("flex items-start gap-2", containerClassName)}>
      {input}
      <div className="grid gap-0.5 peer-disabled:opacity-60">
        {label ? (
          <label htmlFor={inputId} className="cursor-pointer text-sm leading-5 text-foreground select-none">
            {label}
          </label>
        ) : null}
        {description ? (
          <p id={descId} className="text-[13px] text-muted-foreground">
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
}
