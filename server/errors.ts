/**
 * The one application error. Domain functions throw it; the tRPC error formatter maps `code`
 * to an HTTP/tRPC status and shows `userMessage` (Russian) to the user.
 */
export type TAppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "PRECONDITION_FAILED"
  | "UPSTREAM"
  | "INTERNAL";

export class AppError extends Error {
  readonly code: TAppErrorCode;
  readonly userMessage: string;
  readonly details?: Record<string, unknown>;

  constructor(code: TAppErrorCode, userMessage: string, details?: Record<string, unknown>) {
    super(userMessage);
    this.name = "AppError";
    this.code = code;
    this.userMessage = userMessage;
    this.details = details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
