import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';

/** What a route tells the OpenAPI document about itself; gathered from the middlewares on the route. */
export interface RouteDoc {
  summary?: string;
  auth?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  headers?: z.ZodType;
  responses?: Record<number, { description: string; schema?: z.ZodType }>;
}

export const DOC = Symbol.for('ripple.route-doc');

type Documented<T> = T & { [DOC]: RouteDoc };

/** Tags a middleware with documentation; the OpenAPI generator reads it from the app's routes. */
export function documented<T extends object>(handler: T, doc: RouteDoc): Documented<T> {
  return Object.assign(handler, { [DOC]: doc });
}

export function docOf(handler: unknown): RouteDoc | undefined {
  return typeof handler === 'function' ? (handler as Partial<Documented<object>>)[DOC] : undefined;
}

/** A pass-through middleware that only carries a route's summary and responses. */
export function describe(doc: Pick<RouteDoc, 'summary' | 'responses'>): MiddlewareHandler {
  return documented(async function describedRoute(_c, next) {
    await next();
  }, doc);
}
