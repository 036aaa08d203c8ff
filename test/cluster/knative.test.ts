import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { eventRoute } from '../../functions/_shared/events/catalog.js';
import { routesOfFunction } from '../../functions/_shared/function.js';
import { registry } from '../../functions/registry.js';
import { DEAD_LETTERS, knativeFiles } from '../../scripts/generate-knative.js';
import { crdErrors } from './schemas.js';

const dir = path.resolve(import.meta.dirname, '../../knative');
const committed = new Map(
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]),
);
// The base's resources (the overlays are checked rendered, in overlays.test.ts).
const manifests = [...committed]
  .filter(([f]) => f.startsWith('base/') && !f.endsWith('kustomization.yaml'))
  .map(([, text]) => parse(text));
const ofKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const services = ofKind('Service');
const serviceOf = (name: string) => services.filter((s) => s.metadata.name === name);

describe('knative/, generated from the registry', () => {
  it('is up to date: exactly what `npm run generate` writes now', () => {
    const expected = knativeFiles();
    expect([...committed.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) expect(committed.get(file), file).toBe(text);
  });

  it('validates every Knative resource against the upstream CRD schema of the version it names', () => {
    for (const manifest of manifests.filter((m) => m.kind !== 'Job')) {
      expect(crdErrors(manifest), `${manifest.kind} ${manifest.metadata.name}`).toEqual([]);
    }
  });

  it('finds a misspelt field, so the schema check is not an empty one', () => {
    const service = structuredClone(serviceOf('tasks-create')[0]);
    service.spec.template.spec.containers[0].readinesProbe =
      service.spec.template.spec.containers[0].readinessProbe;
    expect(crdErrors(service).join()).toMatch(/additional/);
    const source = structuredClone(ofKind('KafkaSource')[0]);
    source.spec.delivery.backoffPolicy = 7;
    expect(crdErrors(source).join()).toMatch(/must be string/);
  });

  it('gives every function exactly one Service, on the one image, started as that function', () => {
    for (const fn of registry) {
      const [service, ...more] = serviceOf(fn.name);
      expect(more, fn.name).toEqual([]);
      const container = service.spec.template.spec.containers[0];
      expect(container.args).toEqual(['dist/serve.js', fn.name]);
      expect(container.image).toBe('ripple-image');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      const annotations = service.spec.template.metadata.annotations;
      expect(annotations['autoscaling.knative.dev/min-scale']).toBe('0');
      expect(Number(annotations['autoscaling.knative.dev/max-scale'])).toBeGreaterThan(0);
      expect(annotations).toMatchObject({
        'dapr.io/enabled': 'true',
        'dapr.io/app-id': fn.name,
        'dapr.io/metrics-port': '9092',
      });
      expect(annotations['dapr.io/app-port']).toBe(String(container.ports[0].containerPort));
      expect(container.env).toContainEqual({ name: 'PUBLISHER', value: 'dapr' });
      expect(container.env).toContainEqual({ name: 'DAPR_SUBSCRIBE', value: 'false' });
      // Secrets by reference only.
      for (const name of ['DATABASE_URL', 'JWT_SECRET'])
        expect(container.env.find((e: any) => e.name === name)).toMatchObject({
          valueFrom: { secretKeyRef: { name: 'ripple-secrets', key: name } },
        });
      expect(container.resources.requests).toBeDefined();
      expect(container.resources.limits.memory).toBeDefined();
    }
    expect(services.map((s) => s.metadata.name).sort()).toEqual(
      [...registry.map((fn) => fn.name), 'api-gateway'].sort(),
    );
  });

  it("ends every container's shutdown inside Knative's grace period, with the Dapr sidecar outliving the function's", () => {
    for (const service of services) {
      const { timeoutSeconds, containers } = service.spec.template.spec;
      // Knative makes timeoutSeconds the pod's terminationGracePeriodSeconds.
      const grace = Number(
        containers[0].env.find((e: any) => e.name === 'SHUTDOWN_GRACE_SECONDS')?.value,
      );
      expect(grace, service.metadata.name).toBeGreaterThan(0);
      expect(grace, service.metadata.name).toBeLessThanOrEqual(timeoutSeconds - 5);
      if (service.metadata.name === 'api-gateway') continue;
      const annotations = service.spec.template.metadata.annotations;
      // The sidecar blocks its shutdown until the function has gone (its /healthz stops answering)...
      expect(annotations, service.metadata.name).toMatchObject({
        'dapr.io/enable-app-health-check': 'true',
        'dapr.io/app-health-check-path': '/healthz',
      });
      // ...or the function's own grace is over, and no longer.
      expect(annotations['dapr.io/block-shutdown-duration'], service.metadata.name).toBe(
        `${grace}s`,
      );
      const noticeSeconds =
        Number(annotations['dapr.io/app-health-probe-interval']) *
        Number(annotations['dapr.io/app-health-threshold']);
      expect(noticeSeconds, service.metadata.name).toBeLessThanOrEqual(timeoutSeconds - grace);
    }
  });

  it('keeps every function off the public network: only the api-gateway is public', () => {
    for (const service of services) {
      const visibility = service.metadata.labels['networking.knative.dev/visibility'];
      expect(visibility, service.metadata.name).toBe(
        service.metadata.name === 'api-gateway' ? undefined : 'cluster-local',
      );
    }
    const gateway = serviceOf('api-gateway')[0].spec.template.spec.containers[0];
    expect(gateway.args).toEqual(['dist/gateway.js']);
    // The gateway's routes are the registry's, so each HTTP function it routes to has its Service.
    const upstream = gateway.env.find((e: any) => e.name === 'RIPPLE_UPSTREAM').value as string;
    for (const fn of registry.filter((f) => f.kind === 'http')) {
      expect(routesOfFunction(fn).length, fn.name).toBeGreaterThan(0);
      expect(upstream.replace('{name}', fn.name)).toBe(
        `http://${fn.name}.ripple.svc.cluster.local`,
      );
    }
  });

  it('gives each consumer a KafkaSource per topic, ordered, with retries and the dead-letter sink, and each schedule a PingSource', () => {
    const sources = ofKind('KafkaSource');
    const expected = registry.flatMap((fn) =>
      fn.kind === 'consumer' ? fn.topics.map((topic) => `${fn.name}:${topic}`) : [],
    );
    expect(sources.map((s) => `${s.spec.sink.ref.name}:${s.spec.topics.join()}`).sort()).toEqual(
      expected.sort(),
    );
    for (const source of sources) {
      const consumer = source.spec.sink.ref.name;
      expect(source.spec.sink.uri).toBe(eventRoute(consumer));
      expect(source.spec.ordering).toBe('ordered');
      expect(source.spec.consumerGroup).toContain(consumer);
      expect(source.spec.net.sasl.enable).toBe(true);
      expect(source.spec.net.tls.enable).toBe(true);
      expect(source.spec.delivery).toMatchObject({
        backoffPolicy: 'exponential',
        deadLetterSink: { ref: { name: DEAD_LETTERS }, uri: eventRoute(DEAD_LETTERS) },
      });
    }
    expect(new Set(sources.map((s) => s.spec.consumerGroup)).size).toBe(sources.length);
    const pings = ofKind('PingSource');
    const schedules = registry.filter((fn) => fn.kind === 'schedule');
    expect(pings.map((p) => p.spec.sink.ref.name).sort()).toEqual(
      schedules.map((fn) => fn.name).sort(),
    );
    for (const fn of schedules) {
      const ping = pings.find((p) => p.spec.sink.ref.name === fn.name);
      expect(ping.spec).toMatchObject({
        schedule: fn.kind === 'schedule' ? fn.schedule : '',
        sink: { uri: eventRoute(fn.name) },
      });
    }
  });

  it('runs migrations once per deploy, in a Job, and no function migrates on its cold start', () => {
    const [job] = ofKind('Job');
    expect(job.spec.template.spec.containers[0].args).toEqual(['dist/migrate.js']);
    for (const service of services.filter((s) => s.metadata.name !== 'api-gateway')) {
      expect(service.spec.template.spec.containers[0].env).toContainEqual({
        name: 'RIPPLE_MIGRATE',
        value: 'false',
      });
    }
  });
});
