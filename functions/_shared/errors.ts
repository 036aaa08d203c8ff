import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemInit {
  title: string;
  detail?: string;
  errors?: FieldError[];
  type?: string;
  headers?: Record<string, string>;
}

/** An expected failure, rendered once by the app's error handler as RFC 9457 problem+json. */
export class Problem extends HTTPException {
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly type: string;
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, init: ProblemInit) {
    super(status, { message: init.detail ?? init.title });
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.type = init.type ?? 'about:blank';
    this.headers = init.headers ?? {};
  }

  toJSON(): Record<string, unknown> {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new Problem(400, { title: 'Bad Request', detail, ...(errors ? { errors } : {}) });
export const unauthorized = (detail = 'A valid bearer token is required') =>
  new Problem(401, { title: 'Unauthorized', detail, headers: { 'WWW-Authenticate': 'Bearer' } });
export const notFound = (detail = 'Not found') => new Problem(404, { title: 'Not Found', detail });
export const forbidden = (detail: string) => new Problem(403, { title: 'Forbidden', detail });
export const conflict = (detail: string) => new Problem(409, { title: 'Conflict', detail });
export const preconditionFailed = (detail: string) =>
  new Problem(412, { title: 'Precondition Failed', detail });
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new Problem(429, {
    title: 'Too Many Requests',
    detail,
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
