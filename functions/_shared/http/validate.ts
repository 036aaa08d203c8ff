import type { Context } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { badRequest, Problem, type FieldError } from '../errors.js';
import { documented } from './docs.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

export function fieldErrors(error: z.ZodError, prefix: string): FieldError[] {
  const pathOf = (segments: PropertyKey[]) =>
    [prefix, ...segments.map(String)].filter((p) => p !== '').join('.');
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: pathOf([...issue.path, key]),
          message: 'is not a known field',
        }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

function check<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw badRequest(`Invalid ${where}`, fieldErrors(result.error, where === 'body' ? '' : where));
  return result.data;
}

function requireJson(c: Context): void {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new Problem(415, {
      title: 'Unsupported Media Type',
      detail: 'The body must be application/json',
    });
  }
}

/** Validates a JSON body: 415 for another content type, 400 for malformed JSON or invalid fields. */
export const jsonBody = <T extends z.ZodType>(schema: T) =>
  documented(
    validator('json', (value, c): z.output<T> => {
      requireJson(c);
      return check(schema, value, 'body');
    }),
    { body: schema },
  );

export const queryOf = <T extends z.ZodType>(schema: T) =>
  documented(
    validator('query', (value): z.output<T> => check(schema, value, 'query')),
    { query: schema },
  );

export const paramsOf = <T extends z.ZodType>(schema: T) =>
  documented(
    validator('param', (value): z.output<T> => check(schema, value, 'path')),
    { params: schema },
  );

export const headersOf = <T extends z.ZodType>(schema: T) =>
  documented(
    validator('header', (value): z.output<T> => check(schema, value, 'header')),
    { headers: schema },
  );
