// What the API answers when something went wrong, and the words the UI shows for it.

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem as the API answers it, or one made here when the server could not be reached. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  /** Seconds until a refused request (429, 503) may be tried again, from `Retry-After`. */
  readonly retryAfter: number | undefined;
  constructor(
    readonly problem: Problem,
    retryAfter?: number,
  ) {
    super(problem.detail ?? problem.title);
    this.retryAfter = retryAfter;
  }
  get status() {
    return this.problem.status;
  }
}

/** `Retry-After` in seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** "Try again in 15 minutes" / "in 40 seconds" / "in 2 hours", rounded up so that it is never too early. */
export function retryWording(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return `Try again in ${unit(Math.max(1, Math.ceil(seconds)), 'second')}.`;
  if (seconds < 3600) return `Try again in ${unit(Math.ceil(seconds / 60), 'minute')}.`;
  return `Try again in ${unit(Math.ceil(seconds / 3600), 'hour')}.`;
}

/** The message for a field from a problem's errors[] (its path or anything under it), if there is one. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const hit = error.problem.errors?.find((e) => e.path === field || e.path.startsWith(`${field}.`));
  return hit?.message;
}

/** A sentence for the user about what went wrong. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const text = error.problem.detail ?? error.problem.title;
    if (error.status !== 429 && error.status !== 503) return text;
    // The server's own words may end in "try again later": the header says when.
    const base = text.replace(/[.;,\s]*(please )?try again later\.?$/i, '').trim();
    const when =
      error.retryAfter !== undefined ? retryWording(error.retryAfter) : 'Try again later.';
    return `${base}${/[.!?]$/.test(base) ? '' : '.'} ${when}`;
  }
  return error instanceof Error ? error.message : String(error);
}
