import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";
import { cn, joinIds } from "./utils";
import { Label } from "./label";

/** Anything with a message: react-hook-form FieldError, a zod issue, etc. */
export type FieldErrorLike = string | { message?: string | null } | null | undefined | false;

export type FormFieldProps = {
  label?: ReactNode;
  /**
   * The control: a single element (Input, Textarea, Select, Checkbox, native input…).
   * FormField gives it id, aria-invalid, aria-describedby and aria-required unless
   * they are already set.
   */
  children: ReactNode;
  /** Error shown under the control, as given (messages are written in Russian in the schemas). */
  error?: FieldErrorLike;
  /** Helper text under the control (hidden while an error is shown). */
  hint?: ReactNode;
  /** Shows an asterisk after the label and sets aria-required on the control. */
  required?: boolean;
  /** id for the control; generated when omitted. */
  htmlFor?: string;
  className?: string;
  "data-testid"?: string;
};

function errorMessage(error: FieldErrorLike): string | undefined {
  if (!error) return undefined;
  if (typeof error === "string") return error || undefined;
  return error.message || undefined;
}

type ControlProps = {
  id?: string;
  "aria-invalid"?: unknown;
  "aria-describedby"?: string;
  "aria-required"?: unknown;
};

export function FormField({ label, children, error, hint, required, htmlFor, className, "data-testid": testId }: FormFieldProps) {
  const autoId = useId();
  const single = isValidElement<ControlProps>(children) ? (children as ReactElement<ControlProps>) : null;
  const controlId = htmlFor ?? single?.props.id ?? `field-${autoId}`;
  const message = errorMessage(error);
  const errorId = message ? `${controlId}-error` : undefined;
  const hintId = hint && !message ? `${controlId}-hint` : undefined;

  const control = single
    ? cloneElement(single, {
        id: single.props.id ?? controlId,
        "aria-invalid": single.props["aria-invalid"] ?? (message ? true : undefined),
        "aria-describedby": joinIds(single.props["aria-describedby"], errorId, hintId),
        "aria-required": single.props["aria-required"] ?? (required ? true : undefined),
      })
    : children;

  return (
    <div className={cn("grid gap-1.5", className)} data-testid={testId} data-invalid={message ? true : undefined}>
      {label ? (
        <Label htmlFor={controlId} required={required}>
          {label}
        </Label>
      ) : null}
      {control}
      {message ? (
        <p id={errorId} className="text-[13px] leading-snug text-danger">
          {message}
        </p>
      ) : hint ? (
        <p id={hintId} className="text-[13px] leading-snug text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
