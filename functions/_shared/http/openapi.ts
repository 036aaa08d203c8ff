import type { Hono } from 'hono';
import * as z from 'zod';
import { Problem } from '../schemas/common.js';
import { docOf, type RouteDoc } from './docs.js';
import type { AppEnv } from './env.js';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

const COMPONENTS = '#/components/schemas/';
/** Where zod puts the named schemas that are not themselves in the registry it converts. */
const SHARED = `${COMPONENTS}__shared#/$defs/`;
const OPERATION = '__operation';

interface Converted {
  /** Each operation's schema, its named parts as `$ref`s to `#/components/schemas/<id>`. */
  of: Map<z.ZodType, JsonSchema>;
  /** The named schemas (`.meta({ id })`) they use, by id. */
  named: Record<string, JsonSchema>;
}

const idOf = (schema: z.ZodType) => z.globalRegistry.get(schema)?.id as string | undefined;

/** Rewrites every `$ref` in `json` through `rename` (the bare id in, the id to point at out). */
function mapRefs<T>(json: T, rename: (id: string) => string): T {
  if (Array.isArray(json)) return json.map((item: unknown) => mapRefs(item, rename)) as T;
  if (json === null || typeof json !== 'object') return json;
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => {
      if (key !== '$ref' || typeof value !== 'string') return [key, mapRefs(value, rename)];
      const id = value.startsWith(SHARED)
        ? value.slice(SHARED.length)
        : value.slice(COMPONENTS.length);
      if (id.startsWith(OPERATION))
        throw new Error(`an operation's schema is used inside another: give it a .meta({ id })`);
      return [key, `${COMPONENTS}${rename(id)}`];
    }),
  ) as T;
}

const bare = ({ $schema: _s, $id: _i, ...rest }: JsonSchema) => rest;

/**
 * Converts every operation's schemas of one direction at once with zod's registry conversion, so each
 * named schema is one component that the others point to, and never a `$defs` copy inside each.
 */
function convert(schemas: ReadonlySet<z.ZodType>, io: Io): Converted {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.ZodType, string>();
  let n = 0;
  for (const schema of schemas) {
    const id = idOf(schema) ?? `${OPERATION}${n++}`;
    ids.set(schema, id);
    registry.add(schema, { id });
  }
  const result = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    uri: (id) => `${COMPONENTS}${id}`,
  }).schemas;
  const { __shared, ...own } = result as Record<string, JsonSchema>;
  const named: Record<string, JsonSchema> = {
    ...((__shared?.$defs as Record<string, JsonSchema> | undefined) ?? {}),
  };
  for (const [id, json] of Object.entries(own))
    if (!id.startsWith(OPERATION)) named[id] = bare(json);
  const of = new Map(
    [...ids].map(([schema, id]) => [
      schema,
      id.startsWith(OPERATION) ? bare(own[id]!) : { $ref: `${COMPONENTS}${id}` },
    ]),
  );
  return { of, named };
}

/** References in a schema, by id. */
function refsIn(json: unknown, found = new Set<string>()): Set<string> {
  mapRefs(json, (id) => (found.add(id), id));
  return found;
}

/**
 * The components: every named schema as the API answers it, under its id; and where a client sends
 * something else (defaults it may leave out, values the server normalizes), the input as `<id>Input`.
 * A schema that holds such a one differs too. Then the references of each direction to the right names.
 */
function components(input: Converted, output: Converted) {
  const plain = (json: unknown) => JSON.stringify(mapRefs(json, (id) => id));
  const differs = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const [id, json] of Object.entries(input.named)) {
      if (differs.has(id) || !(id in output.named)) continue;
      if (
        plain(json) !== plain(output.named[id]) ||
        [...refsIn(json)].some((ref) => differs.has(ref))
      ) {
        differs.add(id);
        grew = true;
      }
    }
  }
  const inputName = (id: string) => (differs.has(id) ? `${id}Input` : id);
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, json] of Object.entries(output.named)) schemas[id] = mapRefs(json, (ref) => ref);
  for (const [id, json] of Object.entries(input.named))
    if (differs.has(id) || !(id in output.named)) schemas[inputName(id)] = mapRefs(json, inputName);
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return {
    schemas: sorted,
    inputSchema: (s: z.ZodType) => mapRefs(input.of.get(s)!, inputName),
    outputSchema: (s: z.ZodType) => mapRefs(output.of.get(s)!, (id) => id),
  };
}

type Schemas = ReturnType<typeof components>;

function parameters(
  schema: z.ZodType | undefined,
  location: 'path' | 'query' | 'header',
  s: Schemas,
): JsonSchema[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = s.inputSchema(schema) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    schema: property,
  }));
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: `${COMPONENTS}Problem` } } },
});

function operation(doc: RouteDoc, s: Schemas): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(doc.responses ?? {})) {
    if (Number(status) >= 400) responses[status] = problem(r.description);
    else
      responses[status] = r.schema
        ? {
            description: r.description,
            content: { 'application/json': { schema: s.outputSchema(r.schema) } },
          }
        : { description: r.description };
  }
  // What every validated or signed-in route can answer, stated so that tools know (the default covers the rest).
  if ((doc.body || doc.query || doc.params || doc.headers) && !responses[400])
    responses[400] = problem('Invalid input: `errors` names each field');
  if (doc.auth && !responses[401]) responses[401] = problem('No valid bearer token');
  responses.default = problem('An error');
  return {
    ...(doc.summary ? { summary: doc.summary } : {}),
    parameters: [
      ...parameters(doc.params, 'path', s),
      ...parameters(doc.query, 'query', s),
      ...parameters(doc.headers, 'header', s),
    ],
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: s.inputSchema(doc.body) } },
          },
        }
      : {}),
    ...(doc.auth ? { security: [{ bearer: [] }] } : { security: [] }),
    responses,
  };
}

interface Route {
  name: string;
  method: string;
  path: string;
  doc: RouteDoc;
}

/** Each route of the apps with its documentation, gathered from the middlewares on it. */
function routesOf(apps: ReadonlyArray<{ name: string; app: Hono<AppEnv> }>): Route[] {
  const routes = new Map<string, Route>();
  for (const { name, app } of apps) {
    for (const route of app.routes) {
      // The REST API only: /mcp speaks JSON-RPC (MCP), and describes itself (tools/list).
      if (!route.path.startsWith('/api/')) continue;
      const key = `${route.method} ${route.path}`;
      const entry = routes.get(key) ?? { name, method: route.method, path: route.path, doc: {} };
      const doc = docOf(route.handler);
      if (doc) entry.doc = { ...entry.doc, ...doc };
      routes.set(key, entry);
    }
  }
  return [...routes.values()];
}

/**
 * OpenAPI 3.1 for the given function apps, from the documentation their middlewares carry: the very
 * zod schemas that validate each request. Named schemas are components (`#/components/schemas/<id>`),
 * with an `<id>Input` beside one where what a client sends differs from what it gets back.
 */
export function buildOpenApi(apps: ReadonlyArray<{ name: string; app: Hono<AppEnv> }>): JsonSchema {
  const routes = routesOf(apps);
  const inputs = new Set<z.ZodType>();
  const outputs = new Set<z.ZodType>([Problem]);
  for (const { doc } of routes) {
    for (const s of [doc.body, doc.query, doc.params, doc.headers]) if (s) inputs.add(s);
    for (const r of Object.values(doc.responses ?? {})) if (r.schema) outputs.add(r.schema);
  }
  const s = components(convert(inputs, 'input'), convert(outputs, 'output'));
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const operationIds = new Set<string>();
  for (const { name, method, path, doc } of routes) {
    const openApiPath = path.replace(/:(\w+)/g, '{$1}');
    // One function may serve several routes with one method (auth-session: refresh and signout; a
    // composed Service: DELETE of /api/series/:id and of /api/push-subscriptions/:id): the first keeps the
    // short id, the next the path's last segment, and if that is taken too, the whole path.
    const base = `${name}.${method.toLowerCase()}`;
    const operationId = [
      base,
      `${base}.${path.split('/').at(-1)}`,
      `${base}.${path.replace(/^\/api\//, '').replaceAll('/', '.')}`,
    ].find((id) => !operationIds.has(id))!;
    operationIds.add(operationId);
    paths[openApiPath] ??= {};
    paths[openApiPath][method.toLowerCase()] = {
      operationId,
      'x-ripple-function': name,
      ...operation(doc, s),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ripple',
      version: '1',
      description: 'A self-hostable, event-driven task manager',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/', description: 'The server that answered this document' }],
    components: {
      schemas: s.schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
}
