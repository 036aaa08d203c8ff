import type { Hono } from 'hono';
import * as z from 'zod';
import { Problem } from '../schemas/common.js';
import { docOf, type RouteDoc } from './docs.js';
import type { AppEnv } from './env.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline' });
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query' | 'header'): JsonSchema[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    schema: s,
  }));
}

function operation(doc: RouteDoc): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(doc.responses ?? {})) {
    const media = Number(status) >= 400 ? 'application/problem+json' : 'application/json';
    responses[status] = r.schema ? { description: r.description, content: { [media]: { schema: jsonSchema(r.schema, 'output') } } } : { description: r.description };
  }
  responses.default = { description: 'An error', content: { 'application/problem+json': { schema: jsonSchema(Problem, 'output') } } };
  return {
    ...(doc.summary ? { summary: doc.summary } : {}),
    parameters: [...parameters(doc.params, 'path'), ...parameters(doc.query, 'query'), ...parameters(doc.headers, 'header')],
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } } : {}),
    ...(doc.auth ? { security: [{ bearer: [] }] } : { security: [] }),
    responses,
  };
}

/**
 * OpenAPI 3.1 for the given function apps, from the documentation their middlewares carry: the very
 * zod schemas that validate each request.
 */
export function buildOpenApi(apps: ReadonlyArray<{ name: string; app: Hono<AppEnv> }>): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const { name, app } of apps) {
    const docs = new Map<string, { method: string; path: string; doc: RouteDoc }>();
    for (const route of app.routes) {
      const key = `${route.method} ${route.path}`;
      const entry = docs.get(key) ?? { method: route.method, path: route.path, doc: {} };
      const doc = docOf(route.handler);
      if (doc) entry.doc = { ...entry.doc, ...doc };
      docs.set(key, entry);
    }
    for (const { method, path, doc } of docs.values()) {
      const openApiPath = path.replace(/:(\w+)/g, '{$1}');
      paths[openApiPath] ??= {};
      paths[openApiPath][method.toLowerCase()] = { operationId: `${name}.${method.toLowerCase()}`, 'x-ripple-function': name, ...operation(doc) };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Ripple', version: '1', description: 'A self-hostable, event-driven task manager' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
