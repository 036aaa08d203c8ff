import fc from 'fast-check';
import type { TestApp } from '../support/test-app.js';
import { signedInClient } from '../support/client.js';
import { aroundSchema, fromSchema, nastyString, wrongValue } from './arbitraries.js';

type Schema = Record<string, any>;

export interface Operation {
  method: string;
  path: string;
  parameters: { in: string; name: string; schema?: Schema }[];
  body?: Schema;
}

/** A schema with every `$ref` (`#/components/schemas/X`) replaced by what it points to in the document. */
function inlined(schema: unknown, doc: any, depth = 0): any {
  if (Array.isArray(schema)) return schema.map((s) => inlined(s, doc, depth));
  if (schema === null || typeof schema !== 'object') return schema;
  const { $ref, ...rest } = schema as Schema;
  if (typeof $ref === 'string') {
    const target = $ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: any, key) => node?.[key], doc);
    if (target === undefined) throw new Error(`unresolved ${$ref}`);
    return depth > 8 ? {} : inlined({ ...target, ...rest }, doc, depth + 1);
  }
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, inlined(v, doc, depth)]));
}

/** Every operation of the OpenAPI document, its schemas with the document's references resolved. */
export function operationsOf(doc: any): Operation[] {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: p,
      parameters: inlined(op.parameters ?? [], doc),
      body: inlined(op.requestBody?.content?.['application/json']?.schema, doc),
    })),
  );
}

export interface Actor {
  name: 'A' | 'B' | 'C';
  email: string;
  password: string;
  token: string;
  /** Strings only this user's data holds: they must never reach the other user. */
  secrets: string[];
  taskIds: string[];
  tagIds: string[];
  /** Projects of theirs: their Inbox, the shared one. */
  projectIds: string[];
  seriesIds: string[];
  /** The shared project's tasks this user may only read (a viewer). */
  readOnly: string[];
  userId: string;
}

export type Actors = [Actor, Actor, Actor];

/**
 * Three users, each with tasks and tags of their own marked with strings of their own (never to reach
 * another), and one project A shares with B as an editor and with C as a viewer: its tasks are all
 * three's to read, A's and B's to change, and never C's to change.
 */
export async function threeUsers(t: TestApp): Promise<{ actors: Actors; sharedProjectId: string }> {
  const make = async (
    name: Actor['name'],
  ): Promise<Actor & { client: Awaited<ReturnType<typeof signedInClient>> }> => {
    const marker = `secret-${name}-${Math.random().toString(36).slice(2, 10)}`;
    // The email and the user id are not secrets: members of a shared project see each other's.
    const c = await signedInClient(
      t.app,
      `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}@example.com`,
    );
    const taskIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const task = await c.post('/api/tasks', {
        title: `${marker} task ${i}`,
        description: `${marker} notes`,
        tags: [`${marker}-tag`],
        due_at: '2030-01-01T10:00:00Z',
      });
      taskIds.push(task.body.id);
    }
    const tags = await c.get('/api/tags');
    const inbox = (await c.get('/api/projects')).body.find((p: any) => p.is_inbox).id as string;
    const series = await c.post('/api/series', {
      title: `${marker} series`,
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      start: '2030-01-07T09:00:00Z',
    });
    if (series.status !== 201)
      throw new Error(`series failed: ${series.status} ${JSON.stringify(series.body)}`);
    const seriesIds = [series.body.id as string];
    const secrets = [marker, inbox, ...taskIds, ...tags.body.map((t: any) => t.id)];
    const tagIds = tags.body.map((t: any) => t.id);
    secrets.push(...seriesIds);
    return {
      name,
      userId: c.user.id,
      email: c.email,
      password: 'correct horse battery',
      token: c.token,
      secrets,
      taskIds,
      tagIds,
      projectIds: [inbox],
      seriesIds,
      readOnly: [],
      client: c,
    };
  };
  const [a, b, c] = [await make('A'), await make('B'), await make('C')];
  const project = await a.client.post('/api/projects', { name: 'Shared with B and C' });
  const shared: string[] = [];
  for (let i = 0; i < 4; i++)
    shared.push(
      (
        await a.client.post('/api/tasks', {
          title: `shared task ${i}`,
          project_id: project.body.id,
        })
      ).body.id,
    );
  for (const [who, role] of [
    [b, 'editor'],
    [c, 'viewer'],
  ] as const) {
    const invited = await a.client.post(`/api/projects/${project.body.id}/members`, {
      email: who.email,
      role,
    });
    const accepted = await who.client.post(`/api/invitations/${project.body.id}/accept`);
    if (invited.status !== 201 || accepted.status !== 200)
      throw new Error(`sharing failed: ${invited.status} ${accepted.status}`);
  }
  for (const who of [a, b, c]) who.projectIds.push(project.body.id);
  a.taskIds.push(...shared);
  b.taskIds.push(...shared);
  c.taskIds.push(...shared);
  c.readOnly.push(...shared);
  const strip = ({ client: _client, ...actor }: Actor & { client: unknown }): Actor => actor;
  return { actors: [strip(a), strip(b), strip(c)], sharedProjectId: project.body.id };
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  actor: Actor | null;
}

/** Requests for one operation: valid and invalid, as any of the users, nobody, or a forged token. */
export function requestsFor(
  op: Operation,
  actors: Actors,
  bodyLimit: number,
): fc.Arbitrary<FuzzRequest> {
  const [a, b, c] = actors;
  // Mostly a signed-in user; sometimes nobody, or a forged token.
  type Who = Actor | null | 'forged';
  const actor: fc.Arbitrary<Who> = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Who>(a) },
    { weight: 3, arbitrary: fc.constant<Who>(b) },
    { weight: 3, arbitrary: fc.constant<Who>(c) },
    { weight: 1, arbitrary: fc.constant<Who>(null) },
    { weight: 1, arbitrary: fc.constant<Who>('forged') },
  );
  return actor.chain((who) => {
    const own = who && who !== 'forged' ? ownIdsFor(op.path, who, actors) : [];
    // Mostly the caller's own ids (the success paths), else anyone's, a random UUID, or junk.
    const anyId = fc.oneof(
      ...(own.length ? [{ weight: 4, arbitrary: fc.constantFrom(...own) }] : []),
      // Members' ids for the member routes: A's and B's, never C's, so C stays the viewer it is.
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          ...actors.flatMap((x) => [...x.taskIds, ...x.tagIds, ...x.projectIds, ...x.seriesIds]),
          a.userId,
          b.userId,
        ),
      },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: nastyString.filter((s) => s.length < 200) },
    );
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const path = fc.tuple(...pathParams.map(() => anyId)).map((ids) => {
      let url = op.path;
      pathParams.forEach(
        (p, i) =>
          (url = url.replace(`{${p.name}}`, encodeURIComponent(String(ids[i]).toWellFormed()))),
      );
      return url;
    });
    const query = fc
      .tuple(
        fc.subarray(queryParams),
        fc.array(
          fc.tuple(
            fc.constantFrom('x', 'limit', 'cursor', 'q', '__proto__', 'status[]'),
            nastyString.filter((s) => s.length < 500),
          ),
          { maxLength: 2 },
        ),
      )
      .chain(([chosen, junk]) =>
        fc
          .tuple(
            ...chosen.map((p) =>
              fc
                .oneof(
                  { weight: 3, arbitrary: fromSchema(p.schema ?? { type: 'string' }) },
                  { weight: 1, arbitrary: wrongValue },
                )
                .map((v) => [p.name, typeof v === 'string' ? v : JSON.stringify(v)] as const),
            ),
          )
          .chain((valid) =>
            fc.oneof(
              { weight: 3, arbitrary: fc.constant(valid) },
              { weight: 1, arbitrary: fc.constant([...valid, ...junk]) },
            ),
          ),
      )
      .map((pairs) => {
        const params = new URLSearchParams();
        for (const [k, v] of pairs) params.append(k, v);
        const s = params.toString();
        return s ? `?${s}` : '';
      });
    const credentials = fc.constantFrom(a, b, c).map((x) => ({
      text: JSON.stringify({ email: x.email, password: x.password }),
      type: 'application/json' as string | undefined,
    }));
    const bodyText: fc.Arbitrary<{ text: string | undefined; type: string | undefined }> = op.body
      ? fc.oneof(
          {
            weight: 6,
            arbitrary: aroundSchema(op.body).map((v) => ({
              text: JSON.stringify(v),
              type: 'application/json' as string | undefined,
            })),
          },
          // Valid bodies whose references name what the caller has: the success paths past those checks.
          ...(who && who !== 'forged'
            ? [
                {
                  weight: 3,
                  arbitrary: fromSchema(op.body)
                    .chain((v) => withOwnReferences(v, who, actors))
                    .map((v) => ({
                      text: JSON.stringify(v),
                      type: 'application/json' as string | undefined,
                    })),
                },
              ]
            : []),
          ...(op.path === '/api/auth/signin' ? [{ weight: 3, arbitrary: credentials }] : []),
          {
            weight: 1,
            arbitrary: fc
              .constantFrom('{', '', 'null', '[]', '"x"', '{"title":')
              .map((text) => ({ text, type: 'application/json' as string | undefined })),
          },
          {
            weight: 1,
            arbitrary: fromSchema(op.body).map((v) => ({
              text: JSON.stringify(v),
              type: 'text/plain' as string | undefined,
            })),
          },
          {
            weight: 1,
            arbitrary: fromSchema(op.body).map((v) => ({
              text: JSON.stringify(v),
              type: undefined,
            })),
          },
          {
            weight: 1,
            arbitrary: fc.integer({ min: bodyLimit - 64, max: bodyLimit + 4096 }).map((n) => ({
              text: JSON.stringify({ title: 'x'.repeat(n) }),
              type: 'application/json' as string | undefined,
            })),
          },
        )
      : fc.constant({ text: undefined, type: undefined });
    const ifMatch = op.parameters.some((p) => p.name === 'if-match')
      ? fc.option(
          fc.oneof(
            fc.integer({ min: 0, max: 5 }).map((n) => `"${n}"`),
            nastyString.filter((s) => s.length < 100 && /^[\x20-\x7e]*$/.test(s)),
          ),
          { nil: undefined, freq: 2 },
        )
      : fc.constant(undefined);
    return fc
      .record({ path, query, body: bodyText, ifMatch })
      .map(({ path: p, query: q, body, ifMatch: im }) => {
        const headers: Record<string, string> = {};
        if (who === 'forged') headers.authorization = `Bearer ${a.token.slice(0, -4)}AAAA`;
        else if (who) headers.authorization = `Bearer ${who.token}`;
        if (body.type) headers['content-type'] = body.type;
        if (im !== undefined) headers['if-match'] = im;
        // Signing in with someone's email and password makes the request theirs, whatever token it carries.
        const signingIn = actors.find(
          (x) => body.text?.includes(x.email) && body.text.includes(x.password),
        );
        return {
          method: op.method,
          url: `${p}${q}`,
          headers,
          body: body.text,
          actor: signingIn ?? (who === 'forged' ? null : who),
        };
      });
  });
}

/** The caller's ids that fit an operation's path: its projects for /api/projects/{id}, its series for /api/series/{id}, and so on. */
function ownIdsFor(path: string, who: Actor, actors: Actors): string[] {
  if (path.startsWith('/api/series')) return who.seriesIds;
  if (path.includes('{userId}'))
    return [...who.projectIds, ...actors.filter((x) => x.name !== 'C').map((x) => x.userId)];
  if (path.startsWith('/api/projects') || path.startsWith('/api/invitations'))
    return who.projectIds;
  if (path.startsWith('/api/tags')) return who.tagIds;
  if (path.startsWith('/api/tasks')) return who.taskIds;
  return [...who.taskIds, ...who.tagIds, ...who.projectIds, ...who.seriesIds];
}

/**
 * A body with its references (project, parent, assignee, new owner, invitee) pointed at what the caller
 * has or may name, and a generated RRULE left out (an arbitrary string is rarely a rule).
 */
function withOwnReferences(value: unknown, who: Actor, actors: Actors): fc.Arbitrary<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return fc.constant(value);
  const others = actors.filter((x) => x !== who && x.name !== 'C');
  const pick: Record<string, fc.Arbitrary<unknown> | undefined> = {
    // Only the caller's Inbox: moving a private task into the shared project would show it, rightly, to its members.
    project_id: fc.constant(who.projectIds[0]!),
    parent_id: fc.constantFrom(...who.taskIds),
    assignee_id: fc.constantFrom(who.userId, null),
    user_id: others.length ? fc.constantFrom(...others.map((x) => x.userId)) : undefined,
    email: others.length ? fc.constantFrom(...others.map((x) => x.email)) : undefined,
  };
  const body = { ...(value as Record<string, unknown>) };
  delete body.rrule;
  const keys = Object.keys(body).filter((k) => pick[k] !== undefined);
  return fc.tuple(...keys.map((k) => fc.option(pick[k]!, { nil: undefined }))).map((values) => {
    const out: Record<string, unknown> = { ...body };
    keys.forEach((k, i) => (values[i] === undefined ? delete out[k] : (out[k] = values[i])));
    return out;
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** What must hold of every answer. Returns the broken rule, or null. */
export async function checkAnswer(
  req: FuzzRequest,
  res: Response,
  actors: Actors,
): Promise<string | null> {
  const text = await res.text();
  if (res.status >= 500) return `${res.status} for ${req.method} ${req.url}: ${text.slice(0, 300)}`;
  if (res.status >= 400) {
    if (!(res.headers.get('content-type') ?? '').startsWith('application/problem+json'))
      return `${res.status} without problem+json for ${req.method} ${req.url}`;
    const problem = JSON.parse(text);
    if (typeof problem.title !== 'string' || problem.status !== res.status)
      return `malformed problem for ${req.method} ${req.url}: ${text.slice(0, 200)}`;
  }
  // A viewer changes nothing of the project it may only read.
  if (req.actor && req.method !== 'GET' && res.status < 300) {
    const path = req.url.split('?')[0]!;
    const hit = req.actor.readOnly.find((id) => path.startsWith(`/api/tasks/${id}`));
    if (hit)
      return `${req.actor.name}, a viewer, changed shared task ${hit}: ${res.status} for ${req.method} ${req.url}`;
  }
  // Another user's data, unless the request itself carried it (a 404 may name the path it was given).
  const asked = `${req.url} ${safeDecode(req.url)} ${req.body ?? ''}`;
  for (const other of actors) {
    if (req.actor === other) continue;
    for (const secret of other.secrets)
      if (text.includes(secret) && !asked.includes(secret))
        return `${req.actor?.name ?? 'nobody'} saw ${other.name}'s ${secret} in ${req.method} ${req.url}`;
  }
  return null;
}
