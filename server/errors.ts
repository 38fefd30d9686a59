// The one error type for expected failures; handleError maps it to the contract's JSON or an HTML partial.
export interface Issue {
  path: string;
  message: string;
}

export type ErrorCode =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  /** a signed-off run: nothing that changes what its report says is accepted until it is reopened */
  | "locked"
  /** sign-off of a run with manual questions neither answered nor deferred */
  | "unanswered"
  /** sign-off of a run started before its period ended */
  | "provisional"
  | "too_large"
  | "unsupported_media_type"
  | "too_many_requests"
  | "busy"
  | "internal";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503,
    message: string,
    readonly issues: Issue[] = [],
    /** seconds after which the same request may succeed: sent as Retry-After (429, 503) */
    readonly retryAfterSeconds?: number,
    /** further members of the JSON answer, e.g. `rules` of an `unanswered` refusal */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  static invalid(message: string, issues: Issue[] = []) {
    return new AppError("invalid", 400, message, issues);
  }
  static notFound(what: string) {
    return new AppError("not_found", 404, `${what} not found`);
  }
  static conflict(message: string) {
    return new AppError("conflict", 409, message);
  }
  static forbidden(message = "your role does not allow this") {
    return new AppError("forbidden", 403, message);
  }
  static unauthorized(message = "authentication required") {
    return new AppError("unauthorized", 401, message);
  }
}

/** Turns zod-style issues (path arrays) into the contract's dotted paths. */
export function toIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, prefix: (string | number)[] = []): Issue[] {
  return issues.map((i) => ({ path: [...prefix, ...i.path].map(String).join("."), message: i.message }));
}
