import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../../functions/registry.js';
import {
  ENVIRONMENTS,
  listenConnections,
  MIGRATION_CONNECTIONS,
  stateStoreConnections,
  worstCaseConnections,
  type SizingClass,
} from '../../scripts/generate-knative.js';
import { http, startProcess, type Started } from '../support/process.js';
import { createTestDb, type TestDb } from '../support/test-db.js';
import { overlayNames, renderOverlay } from './overlays.js';
import { crdErrors } from './schemas.js';

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const rendered = new Map(overlayNames().map((name) => [name, renderOverlay(name)]));
const services = (name: string) => rendered.get(name)!.filter((m) => m.kind === 'Service');
const envValue = (service: any, name: string) =>
  service.spec.template.spec.containers[0].env?.find((e: any) => e.name === name)?.value as
    string | undefined;
const annotations = (service: any) =>
  service.spec.template.metadata.annotations as Record<string, string>;

/** Kubernetes CPU quantity in millicores ("50m", "1", "0.5"). */
const millicores = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);
/** Memory quantity in MiB ("64Mi", "1Gi"). */
const mebibytes = (q: string) =>
  q.endsWith('Gi') ? Number(q.slice(0, -2)) * 1024 : Number(q.replace(/Mi$/, ''));
const KNATIVE_QUEUE_DEFAULT = { cpu: '25m', memory: '50Mi' }; // Knative's config-deployment defaults

/** What one pod of a Service requests: the function, its Dapr sidecar (if any) and the queue-proxy. */
function podRequests(service: any): { cpu: number; memory: number } {
  const a = annotations(service);
  const app = service.spec.template.spec.containers[0].resources.requests;
  const dapr =
    a['dapr.io/enabled'] === 'true'
      ? {
          cpu: a['dapr.io/sidecar-cpu-request'] ?? '100m',
          memory: a['dapr.io/sidecar-memory-request'] ?? '250Mi',
        }
      : { cpu: '0m', memory: '0Mi' };
  const queue = {
    cpu: a['queue.sidecar.serving.knative.dev/cpu-resource-request'] ?? KNATIVE_QUEUE_DEFAULT.cpu,
    memory:
      a['queue.sidecar.serving.knative.dev/memory-resource-request'] ??
      KNATIVE_QUEUE_DEFAULT.memory,
  };
  return {
    cpu: millicores(app.cpu) + millicores(dapr.cpu) + millicores(queue.cpu),
    memory: mebibytes(app.memory) + mebibytes(dapr.memory) + mebibytes(queue.memory),
  };
}

/** PostgreSQL connections of a rendered overlay at its worst: every Service at max-scale, every pool full. */
function connections(name: string): { total: number; byService: Record<string, number> } {
  const byService: Record<string, number> = {};
  for (const service of services(name)) {
    const fn = registry.find((f) => f.name === service.metadata.name);
    if (!fn) continue; // the api-gateway holds none
    const pool = envValue(service, 'DB_POOL_MAX');
    // Unset, a function would take the default pool (10): every function states its own.
    expect(pool, `${name}: ${fn.name} sets DB_POOL_MAX`).toMatch(/^\d+$/);
    byService[fn.name] =
      (Number(pool) + listenConnections(fn) + stateStoreConnections(fn)) *
      Number(annotations(service)['autoscaling.knative.dev/max-scale']);
  }
  return {
    total: MIGRATION_CONNECTIONS + Object.values(byService).reduce((a, b) => a + b, 0),
    byService,
  };
}

describe('knative/overlays, rendered with kubectl kustomize as `kubectl apply -k` would', () => {
  it('has the production defaults and the small overlay, generated for every environment', () => {
    expect(overlayNames()).toEqual(ENVIRONMENTS.map((e) => e.name).sort());
  });

  it('deploys every resource of the base in every overlay, and each validates against the upstream CRD of its kind', () => {
    const production = rendered
      .get('production')!
      .map((m) => `${m.kind}/${m.metadata.name}`)
      .sort();
    expect(production).toEqual(
      expect.arrayContaining([
        'Component/ripple-pubsub',
        'Component/ripple-secretstore',
        'Resiliency/ripple-resiliency',
        'Job/ripple-migrate',
        'Service/api-gateway',
      ]),
    );
    for (const [name, manifests] of rendered) {
      expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort(), name).toEqual(production);
      for (const m of manifests) {
        if (m.kind === 'Job') continue; // core Kubernetes; checked in knative.test.ts and image.test.ts
        expect(crdErrors(m), `${name}: ${m.kind} ${m.metadata.name}`).toEqual([]);
      }
    }
  });

  it('bounds the PostgreSQL connections of every overlay, as the README prints them', () => {
    for (const env of ENVIRONMENTS) {
      const { total } = connections(env.name);
      expect(total, env.name).toBeLessThanOrEqual(env.connectionBudget);
      // The generator's figure is the rendered manifests' figure.
      expect(worstCaseConnections(env), env.name).toBe(total);
      expect(readme, `README prints ${env.name}'s worst case`).toMatch(
        new RegExp(`\\| \`${env.name}\` \\|[^\\n]*\\| ${total} \\|`),
      );
    }
    // What the issue found: the old defaults (29 Services, pool 10, one replica each) exceed 100.
    expect(registry.length * 10).toBeGreaterThan(100);
  });

  it('fits one pod of every Service on one 4-vCPU node with the small overlay, with room for the platform', () => {
    const small = services('small').map(podRequests);
    const cpu = small.reduce((sum, r) => sum + r.cpu, 0);
    const memory = small.reduce((sum, r) => sum + r.memory, 0);
    // Knative, the Kafka dispatcher, Dapr's control plane, Redpanda and PostgreSQL need the rest. (It was
    // 1200m and 4096 MiB until the agents' two Services, mcp and chat, came: 1215m and 4152 MiB; then push,
    // mail and the agenda's three, with consumers and schedules asking for less.)
    expect(cpu).toBeLessThanOrEqual(1300);
    expect(memory).toBeLessThanOrEqual(4500);
    for (const s of services('small'))
      expect(annotations(s)['autoscaling.knative.dev/max-scale'], s.metadata.name).toBe('1');
    expect(readme).toMatch(
      new RegExp(
        `small\` overlay requests ${(cpu / 1000).toFixed(2)} vCPU\\s+and ${Math.round(memory)} MiB`,
      ),
    );
    // The production defaults ask for more, and more than the small overlay everywhere.
    const production = services('production')
      .map(podRequests)
      .reduce((sum, r) => sum + r.cpu, 0);
    expect(production).toBeGreaterThan(cpu);
    expect(readme).toMatch(
      new RegExp(`production defaults\\s+request ${(production / 1000).toFixed(2)} vCPU`),
    );
  });
});

describe(
  'the pools the overlays give, on functions run as Knative runs them (dist/serve.js)',
  { timeout: 120_000 },
  () => {
    let db: TestDb | undefined;
    const running: Started[] = [];
    let sidecar: Server | undefined;
    afterAll(async () => {
      for (const r of running) await r.stop();
      await new Promise((resolve) => sidecar?.close(resolve));
      await db?.drop();
    });

    const poolOf = (cls: SizingClass) =>
      new Set(ENVIRONMENTS.map((env) => env.sizing[cls].poolMax));

    it('keeps requests answered on a writer whose broker is slow, with the pool its class gets; one connection would not', async () => {
      // Writers publish after commit in a transaction held while the publisher answers.
      expect([...poolOf('write')]).toEqual([2]);
      expect([...poolOf('read')]).toEqual([1]);
      db = await createTestDb();
      // A sidecar whose broker is down: each publish answers 500 after 3 s (Dapr's resiliency timeout).
      sidecar = createServer((req, res) => {
        if (req.url?.startsWith('/v1.0/publish/'))
          setTimeout(
            () => res.writeHead(500).end('{"errorCode":"ERR_PUBSUB_PUBLISH_MESSAGE"}'),
            3000,
          );
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((resolve) => sidecar!.listen(0, '127.0.0.1', resolve));
      const env = (pool: number) => ({
        DATABASE_URL: db!.url,
        JWT_SECRET: 'pool-secret-long-enough-for-hs256-0123456789',
        RIPPLE_MIGRATE: 'false',
        PUBLISHER: 'dapr',
        DAPR_HTTP_PORT: String((sidecar!.address() as AddressInfo).port),
        DB_POOL_MAX: String(pool),
        REQUEST_TIMEOUT_MS: '2500',
      });
      const start = async (fn: string, pool: number) => {
        const started = await startProcess('serve', [fn], env(pool));
        running.push(started);
        return started;
      };
      const signup = await start('auth-signup', 2);
      const session = await http(`${signup.url}/api/auth/signup`, {
        method: 'POST',
        json: { email: 'pool@example.com', password: 'two connections' },
      });
      expect(session.status).toBe(201);
      const auth = { authorization: `Bearer ${session.body.token}` };
      const burst = async (url: string) => {
        const first = await http(`${url}/api/tasks`, {
          method: 'POST',
          headers: auth,
          json: { title: 'first' },
        });
        expect(first.status).toBe(201);
        // Its publish now holds a connection for 3 s; meanwhile:
        return Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            http(`${url}/api/tasks`, {
              method: 'POST',
              headers: auth,
              json: { title: `then ${i}` },
            }).then((r) => r.status),
          ),
        );
      };
      const writer = await start('tasks-create', 2);
      expect(await burst(writer.url)).toEqual(Array(10).fill(201));
      // The same function on one connection: the publish holds it, and requests time out.
      const starved = await start('tasks-create', 1);
      expect((await burst(starved.url)).filter((status) => status === 503).length).toBeGreaterThan(
        0,
      );
      // A reader never publishes: one connection serves a burst of reads.
      const reader = await start('tasks-list', 1);
      const reads = await Promise.all(
        Array.from({ length: 30 }, () =>
          http(`${reader.url}/api/tasks`, { headers: auth }).then((r) => r.status),
        ),
      );
      expect(reads).toEqual(Array(30).fill(200));
    });
  },
);
