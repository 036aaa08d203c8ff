import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Role } from '../functions/_shared/db/database.js';
import { signedInClient } from './support/client.js';
import { newProject, type User } from './support/projects.js';
import { useTestApp } from './support/test-app.js';

// The access rule against a reference model: random sequences of shares, answers to invitations,
// role changes, removals, leaves and task operations by three accounts, each answer checked against
// what the model says it must be, and after each step every account's view of the projects (the
// status and the exact list of tasks, each task's assignee, the members). `FUZZ_RUNS` sets the
// number of sequences, as in test/fuzz; FUZZ_SEED replays one.
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const ROLES: Role[] = ['viewer', 'editor', 'admin'];
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

const env = useTestApp();

type Who = 0 | 1 | 2;
type Op =
  | { op: 'invite'; actor: Who; p: number; target: Who; role: Role }
  | { op: 'accept' | 'decline'; actor: Who; p: number }
  | { op: 'role'; actor: Who; p: number; target: Who; role: Role }
  | { op: 'remove'; actor: Who; p: number; target: Who }
  | { op: 'create'; actor: Who; p: number }
  | { op: 'edit' | 'delete'; actor: Who; t: number }
  | { op: 'assign'; actor: Who; t: number; target: Who };

const who = fc.constantFrom<Who>(0, 1, 2);
const p = fc.constantFrom(0, 1);
const role = fc.constantFrom(...ROLES);
const t = fc.nat(20);
// Half the time the project's owner acts (user i owns project i), so shares get made and then used.
const ownerOr = (arb: fc.Arbitrary<Op>) =>
  fc
    .tuple(arb, fc.boolean())
    .map(([o, byOwner]): Op => (byOwner && 'p' in o ? { ...o, actor: o.p as Who } : o));
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: ownerOr(
      fc.record({ op: fc.constant('invite' as const), actor: who, p, target: who, role }),
    ),
    weight: 5,
  },
  { arbitrary: fc.record({ op: fc.constant('accept' as const), actor: who, p }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant('decline' as const), actor: who, p }), weight: 1 },
  {
    arbitrary: ownerOr(
      fc.record({ op: fc.constant('role' as const), actor: who, p, target: who, role }),
    ),
    weight: 2,
  },
  {
    arbitrary: ownerOr(
      fc.record({ op: fc.constant('remove' as const), actor: who, p, target: who }),
    ),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('create' as const), actor: who, p }), weight: 4 },
  {
    arbitrary: fc.record({
      op: fc.constantFrom('edit' as const, 'delete' as const),
      actor: who,
      t,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ op: fc.constant('assign' as const), actor: who, t, target: who }),
    weight: 3,
  },
);

/** A sequence that reaches every answer, tried first on every run (the random ones follow). */
const EVERY_ANSWER: Op[] = [
  { op: 'invite', actor: 0, p: 0, target: 1, role: 'editor' }, // 201
  { op: 'accept', actor: 1, p: 0 }, // 200
  { op: 'invite', actor: 0, p: 0, target: 2, role: 'viewer' },
  { op: 'accept', actor: 2, p: 0 },
  { op: 'create', actor: 1, p: 0 },
  { op: 'create', actor: 2, p: 0 }, // 403: a viewer
  { op: 'create', actor: 2, p: 1 }, // 404: not a member
  { op: 'invite', actor: 1, p: 0, target: 2, role: 'admin' }, // 403: an editor
  { op: 'invite', actor: 0, p: 0, target: 1, role: 'viewer' }, // 409: a member already
  { op: 'assign', actor: 1, t: 0, target: 2 },
  { op: 'remove', actor: 0, p: 0, target: 2 }, // 204; the task is unassigned
  { op: 'assign', actor: 1, t: 0, target: 2 }, // 400: not a member any more
  { op: 'remove', actor: 1, p: 0, target: 0 }, // 403
  { op: 'remove', actor: 0, p: 0, target: 0 }, // 409: the owner
  { op: 'role', actor: 0, p: 0, target: 0, role: 'viewer' }, // 409
  { op: 'edit', actor: 1, t: 0 },
  { op: 'role', actor: 0, p: 0, target: 1, role: 'viewer' },
  { op: 'edit', actor: 1, t: 0 }, // 403 now
  { op: 'decline', actor: 2, p: 0 }, // 404: nothing to decline
  { op: 'remove', actor: 1, p: 0, target: 1 }, // leaves
  { op: 'delete', actor: 0, t: 0 },
];

/** The reference model: who is in which project with which role, and each project's live tasks. */
class Model {
  members: Map<Who, { role: Role; accepted: boolean }>[] = [
    new Map([[0, { role: 'admin', accepted: true }]]),
    new Map([[1, { role: 'admin', accepted: true }]]),
  ];
  owners: Who[] = [0, 1];
  tasks: { id: string; p: number; live: boolean; assignee: Who | null }[] = [];
  role(u: Who, p: number): Role | null {
    const m = this.members[p]!.get(u);
    return m?.accepted ? m.role : null;
  }
  /** The status the access rule answers for `action`, or null when it lets the user through. */
  denied(u: Who, p: number, action: Role): number | null {
    const r = this.role(u, p);
    if (r === null) return 404;
    return RANK[r] >= RANK[action] ? null : 403;
  }
}

type Task = Model['tasks'][number];

/** The live task an operation on a task names (by its index among the live ones), if there is one. */
function pickTask(m: Model, o: Op): Task | undefined {
  if (o.op !== 'edit' && o.op !== 'delete' && o.op !== 'assign') return undefined;
  const live = m.tasks.filter((x) => x.live);
  return live[o.t % Math.max(1, live.length)];
}

/** What the API must answer to `o`; the model takes the change when it succeeds. */
function expected(m: Model, o: Op, task: Task | undefined): number {
  if (o.op === 'invite') {
    const denied = m.denied(o.actor, o.p, 'admin');
    if (denied) return denied;
    if (m.members[o.p]!.has(o.target)) return 409;
    m.members[o.p]!.set(o.target, { role: o.role, accepted: false });
    return 201;
  }
  if (o.op === 'accept' || o.op === 'decline') {
    const invitation = m.members[o.p]!.get(o.actor);
    if (!invitation || invitation.accepted) return 404;
    if (o.op === 'accept') invitation.accepted = true;
    else m.members[o.p]!.delete(o.actor);
    return o.op === 'accept' ? 200 : 204;
  }
  if (o.op === 'role') {
    const denied = m.denied(o.actor, o.p, 'admin');
    if (denied) return denied;
    const target = m.members[o.p]!.get(o.target);
    if (!target) return 404;
    if (o.target === m.owners[o.p] && o.role !== 'admin') return 409;
    target.role = o.role;
    return 200;
  }
  if (o.op === 'remove') {
    const denied = m.denied(o.actor, o.p, o.actor === o.target ? 'viewer' : 'admin');
    if (denied) return denied;
    if (!m.members[o.p]!.has(o.target)) return 404;
    if (o.target === m.owners[o.p]) return 409;
    m.members[o.p]!.delete(o.target);
    for (const x of m.tasks) if (x.p === o.p && x.assignee === o.target) x.assignee = null;
    return 204;
  }
  if (o.op === 'create') return m.denied(o.actor, o.p, 'editor') ?? 201;
  const denied = m.denied(o.actor, task!.p, 'editor');
  if (denied) return denied;
  if (o.op === 'delete') task!.live = false;
  if (o.op === 'assign') {
    if (m.role(o.target, task!.p) === null) return 400;
    task!.assignee = o.target;
  }
  return o.op === 'delete' ? 204 : 200;
}

function perform(users: User[], projects: string[], o: Op, task: Task | undefined) {
  const actor = users[o.actor]!;
  switch (o.op) {
    case 'invite':
      return actor.post(`/api/projects/${projects[o.p]}/members`, {
        email: users[o.target]!.email,
        role: o.role,
      });
    case 'accept':
    case 'decline':
      return actor.post(`/api/invitations/${projects[o.p]}/${o.op}`);
    case 'role':
      return actor.patch(`/api/projects/${projects[o.p]}/members/${users[o.target]!.user.id}`, {
        role: o.role,
      });
    case 'remove':
      return actor.delete(`/api/projects/${projects[o.p]}/members/${users[o.target]!.user.id}`);
    case 'create':
      return actor.post('/api/tasks', { title: `task by ${o.actor}`, project_id: projects[o.p] });
    case 'edit':
      return actor.patch(`/api/tasks/${task!.id}`, { title: `edited by ${o.actor}` });
    case 'delete':
      return actor.delete(`/api/tasks/${task!.id}`);
    case 'assign':
      return actor.patch(`/api/tasks/${task!.id}`, { assignee_id: users[o.target]!.user.id });
  }
}

/** The account's list across all its projects (one walk of its own rows), as the model says it must be. */
async function checkWholeList(user: User, u: Who, m: Model, where: string) {
  const mine = new Set(m.tasks.map((x) => x.id));
  const all = (await user.get('/api/tasks?limit=100')).body.items
    .map((x: { id: string }) => x.id)
    .filter((id: string) => mine.has(id))
    .sort();
  expect(all, where).toEqual(
    m.tasks
      .filter((x) => x.live && m.role(u, x.p) !== null)
      .map((x) => x.id)
      .sort(),
  );
}

/** Every account's view of both projects and its whole list, as the model says they must be. */
async function checkViews(users: User[], projects: string[], m: Model, step: string) {
  for (const [u, user] of users.entries()) {
    for (const [pi, projectId] of projects.entries()) {
      const where = `${step}; account ${u}, project ${pi}`;
      const role = m.role(u as Who, pi);
      const list = await user.get(`/api/tasks?project_id=${projectId}&limit=100`);
      const members = await user.get(`/api/projects/${projectId}/members`);
      if (role === null) {
        expect([list.status, members.status], where).toEqual([404, 404]);
        continue;
      }
      expect([list.status, members.status], where).toEqual([200, 200]);
      const seen = list.body.items
        .map((x: { id: string; assignee_id: string | null }) => [x.id, x.assignee_id])
        .sort();
      const modelled = m.tasks
        .filter((x) => x.p === pi && x.live)
        .map((x) => [x.id, x.assignee === null ? null : users[x.assignee]!.user.id])
        .sort();
      expect(seen, where).toEqual(modelled);
      const memberRows = members.body
        .map(
          (x: { user_id: string; role: string; status: string }) =>
            `${x.user_id} ${x.role} ${x.status}`,
        )
        .sort();
      const modelledMembers = [...m.members[pi]!]
        .map(([w, x]) => `${users[w]!.user.id} ${x.role} ${x.accepted ? 'active' : 'invited'}`)
        .sort();
      expect(memberRows, where).toEqual(modelledMembers);
    }
    await checkWholeList(user, u as Who, m, `${step}; account ${u}'s whole list`);
  }
}

/** At the end of a sequence: each task read by id, each account's whole list and invitations. */
async function checkEnd(users: User[], projects: string[], m: Model) {
  for (const [u, user] of users.entries()) {
    for (const task of m.tasks) {
      const res = await user.get(`/api/tasks/${task.id}`);
      expect(res.status, `account ${u} reads task ${task.id}`).toBe(
        task.live && m.role(u as Who, task.p) !== null ? 200 : 404,
      );
    }
    await checkWholeList(user, u as Who, m, `account ${u}'s whole list`);
    const invited = (await user.get('/api/invitations')).body
      .map((x: { project_id: string }) => x.project_id)
      .filter((id: string) => projects.includes(id));
    expect(invited.sort(), `account ${u}'s invitations`).toEqual(
      projects.filter((_, pi) => m.members[pi]!.get(u as Who)?.accepted === false).sort(),
    );
  }
}

it(
  'answers every share, role change, removal, leave and task operation as the reference model of the access rule says',
  { timeout: 300_000 },
  async () => {
    const users = [
      await signedInClient(env.t.app),
      await signedInClient(env.t.app),
      await signedInClient(env.t.app),
    ];
    let sequences = 0;
    let steps = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 30 }), async (ops) => {
        sequences++;
        const m = new Model();
        const projects = [
          (await newProject(users[0]!, 'P0')).id,
          (await newProject(users[1]!, 'P1')).id,
        ];
        try {
          for (const [i, o] of ops.entries()) {
            const task = pickTask(m, o);
            if ((o.op === 'edit' || o.op === 'delete' || o.op === 'assign') && !task) continue;
            const want = expected(m, o, task);
            const res = await perform(users, projects, o, task);
            const step = `step ${i} ${JSON.stringify(o)}`;
            expect(res.status, `${step}: ${JSON.stringify(res.body)}`).toBe(want);
            if (want >= 400)
              expect(res.headers.get('content-type'), step).toBe('application/problem+json');
            if (o.op === 'create' && want === 201)
              m.tasks.push({ id: res.body.id, p: o.p, live: true, assignee: null });
            statuses.set(want, (statuses.get(want) ?? 0) + 1);
            steps++;
            await checkViews(users, projects, m, step);
          }
          await checkEnd(users, projects, m);
        } finally {
          // Out of the way of the next sequence's whole-list check.
          for (const [pi, owner] of m.owners.entries())
            await users[owner]!.delete(`/api/projects/${projects[pi]}`);
        }
      }),
      {
        numRuns: RUNS,
        examples: [[EVERY_ANSWER]],
        ...(SEED === undefined ? {} : { seed: SEED }),
        endOnFailure: true,
      },
    );
    expect(sequences).toBe(RUNS); // the example counts as one of them
    // Not only refusals: the sequences reach successes and every kind of refusal.
    for (const status of [200, 201, 204, 400, 403, 404, 409])
      expect(statuses.get(status) ?? 0, `answers ${status}`).toBeGreaterThan(0);
    expect(steps).toBeGreaterThan(RUNS * 3);
  },
);
