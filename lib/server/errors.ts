// Errors users are meant to see. Anything else that escapes a data function is a bug:
// it is logged and the user sees a generic message (see action.ts).

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "VALIDATION"
  | "CONFLICT"
  | "STALE"
  | "RATE_LIMITED"
  | "SERVICE_BUSY"
  | "PAYLOAD_TOO_LARGE"
  | "INTERNAL";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** An i18n key under `errors.` with a more specific message, and its values. */
    readonly detail?: { key: string; values?: Record<string, string | number> },
    /** Field name -> i18n key (or already translated text) for form errors. */
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(detail ? `${code}: ${detail.key}` : code);
    this.name = "AppError";
  }
}

export const notFound = () => new AppError("NOT_FOUND");
export const forbidden = () => new AppError("FORBIDDEN");
