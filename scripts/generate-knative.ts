// Writes knative/ from the function registry: one Knative Service per function, a KafkaSource per
// consumer and topic, a PingSource per schedule, the api-gateway (the one public API origin, routing
// by the registry) and the migration Job. `npm run generate` writes; test/cluster/knative.test.ts
// fails when the committed files differ from what this produces.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { eventRoute } from '../functions/_shared/events/catalog.js';
import type { RippleFunction } from '../functions/_shared/function.js';
import { registry } from '../functions/registry.js';

export const NAMESPACE = 'ripple';
/** Replaced by scripts/deploy with the image to run (RIPPLE_IMAGE, best by digest). */
export const IMAGE_PLACEHOLDER = 'ripple-image';
/** Replaced by scripts/deploy with KAFKA_BROKERS; the Redpanda Helm chart's TLS listener by default. */
export const BROKERS_PLACEHOLDER = 'redpanda.redpanda.svc.cluster.local:9093';
export const SECRETS = { app: 'ripple-secrets', kafka: 'ripple-kafka' } as const;
export const CONFIG_MAP = 'ripple-config';
export const DEAD_LETTERS = 'dead-letters';
const PORT = 8080;

type Manifest = Record<string, unknown>;
const SERVICE_API = 'serving.knative.dev/v1';
const labels = (name: string, component: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'ripple', 'app.kubernetes.io/component': component });
const secret = (name: string, key: string) => ({ secretKeyRef: { name, key } });
const serviceRef = (name: string) => ({ apiVersion: SERVICE_API, kind: 'Service', name, namespace: NAMESPACE });

/** The image's USER (the base image's node user), by number: see the Dockerfile. */
export const RUN_AS_USER = 1000;

const securityContext = {
  runAsNonRoot: true,
  // A numeric uid, so the kubelet can check runAsNonRoot whatever the image says.
  runAsUser: RUN_AS_USER,
  runAsGroup: RUN_AS_USER,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** How each kind of function scales: HTTP by concurrent requests, consumers gently, schedules one at a time. */
function scaling(fn: RippleFunction): { maxScale: number; target: number; timeoutSeconds: number } {
  if (fn.name === 'realtime') return { maxScale: 10, target: 500, timeoutSeconds: 600 }; // long-lived SSE streams
  if (fn.kind === 'http') return { maxScale: 20, target: 50, timeoutSeconds: 30 };
  if (fn.kind === 'consumer') return { maxScale: 5, target: 20, timeoutSeconds: 60 };
  return { maxScale: 1, target: 10, timeoutSeconds: 120 };
}

/**
 * Knative makes a revision's timeoutSeconds its pods' termination grace period. A SIGTERM'd function
 * finishes its work within this much, leaving time to spare before the kubelet's SIGKILL.
 */
const shutdownGraceSeconds = (timeoutSeconds: number) => timeoutSeconds - 5;

function functionService(fn: RippleFunction): Manifest {
  const { maxScale, target, timeoutSeconds } = scaling(fn);
  const grace = shutdownGraceSeconds(timeoutSeconds);
  const component = fn.kind === 'http' ? 'api' : fn.kind;
  return {
    apiVersion: SERVICE_API,
    kind: 'Service',
    metadata: {
      name: fn.name,
      namespace: NAMESPACE,
      // Only the api-gateway is public; functions are reached through it, or by the eventing system.
      labels: { ...labels(fn.name, component), 'networking.knative.dev/visibility': 'cluster-local' },
    },
    spec: {
      template: {
        metadata: {
          labels: labels(fn.name, component),
          annotations: {
            'autoscaling.knative.dev/min-scale': '0',
            'autoscaling.knative.dev/max-scale': String(maxScale),
            'autoscaling.knative.dev/target': String(target),
            'dapr.io/enabled': 'true',
            'dapr.io/app-id': fn.name,
            'dapr.io/app-port': String(PORT),
            // 9090 is Knative's queue-proxy metrics port.
            'dapr.io/metrics-port': '9092',
            'dapr.io/sidecar-cpu-request': '50m',
            'dapr.io/sidecar-memory-request': '64Mi',
            'dapr.io/sidecar-memory-limit': '256Mi',
            // The sidecar outlives the function's drain, so that events flushed on the way out still
            // reach the broker: it blocks its own shutdown until the function stops answering /healthz
            // (it has exited) or the function's grace has passed.
            'dapr.io/block-shutdown-duration': `${grace}s`,
            'dapr.io/enable-app-health-check': 'true',
            'dapr.io/app-health-check-path': '/healthz',
            'dapr.io/app-health-probe-interval': '2',
            'dapr.io/app-health-threshold': '2',
          },
        },
        spec: {
          timeoutSeconds,
          containers: [
            {
              name: 'function',
              image: IMAGE_PLACEHOLDER,
              args: ['dist/serve.js', fn.name],
              ports: [{ name: 'http1', containerPort: PORT }],
              env: [
                { name: 'PUBLISHER', value: 'dapr' },
                // Knative Eventing delivers; a sidecar subscription would deliver every event again.
                { name: 'DAPR_SUBSCRIBE', value: 'false' },
                // The migration Job has run before a deploy's revisions start.
                { name: 'RIPPLE_MIGRATE', value: 'false' },
                // Two proxies append to X-Forwarded-For before a function sees a request: the public
                // ingress (the client's address) and the cluster-local one behind the api-gateway.
                { name: 'TRUST_PROXY_HOPS', value: '2' },
                { name: 'SHUTDOWN_GRACE_SECONDS', value: String(grace) },
                { name: 'DATABASE_URL', valueFrom: secret(SECRETS.app, 'DATABASE_URL') },
                { name: 'JWT_SECRET', valueFrom: secret(SECRETS.app, 'JWT_SECRET') },
              ],
              envFrom: [{ configMapRef: { name: CONFIG_MAP, optional: true } }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/readyz' }, periodSeconds: 2, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: '/healthz' }, periodSeconds: 10, failureThreshold: 3 },
              securityContext,
            },
          ],
        },
      },
    },
  };
}

const GATEWAY_TIMEOUT_SECONDS = 600; // it carries the realtime function's long-lived streams

function gatewayService(): Manifest {
  return {
    apiVersion: SERVICE_API,
    kind: 'Service',
    metadata: { name: 'api-gateway', namespace: NAMESPACE, labels: labels('api-gateway', 'gateway') },
    spec: {
      template: {
        metadata: {
          labels: labels('api-gateway', 'gateway'),
          annotations: {
            // The front door stays warm: a request to a cold function waits for one cold start, not two.
            'autoscaling.knative.dev/min-scale': '1',
            'autoscaling.knative.dev/max-scale': '10',
            'autoscaling.knative.dev/target': '200',
          },
        },
        spec: {
          timeoutSeconds: GATEWAY_TIMEOUT_SECONDS,
          containers: [
            {
              name: 'gateway',
              image: IMAGE_PLACEHOLDER,
              args: ['dist/gateway.js'],
              ports: [{ name: 'http1', containerPort: PORT }],
              env: [
                { name: 'RIPPLE_UPSTREAM', value: `http://{name}.${NAMESPACE}.svc.cluster.local` },
                { name: 'SHUTDOWN_GRACE_SECONDS', value: String(shutdownGraceSeconds(GATEWAY_TIMEOUT_SECONDS)) },
              ],
              envFrom: [{ configMapRef: { name: CONFIG_MAP, optional: true } }],
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
              readinessProbe: { httpGet: { path: '/readyz' }, periodSeconds: 2 },
              livenessProbe: { httpGet: { path: '/healthz' }, periodSeconds: 10 },
              securityContext,
            },
          ],
        },
      },
    },
  };
}

function kafkaSource(fn: RippleFunction, topic: string): Manifest {
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'KafkaSource',
    metadata: { name: `${fn.name}-${topic}`, namespace: NAMESPACE, labels: labels(fn.name, 'trigger') },
    spec: {
      bootstrapServers: [BROKERS_PLACEHOLDER],
      topics: [topic],
      // Each consumer reads every event (its own group) at its own pace.
      consumerGroup: `ripple-${fn.name}-${topic}`,
      initialOffset: 'earliest',
      // One task's events reach the consumer in order (the partition key is the task id).
      ordering: 'ordered',
      net: {
        sasl: {
          enable: true,
          user: secret(SECRETS.kafka, 'user'),
          password: secret(SECRETS.kafka, 'password'),
          type: secret(SECRETS.kafka, 'sasl.mechanism'),
        },
        tls: { enable: true, caCert: secret(SECRETS.kafka, 'ca.crt') },
      },
      delivery: {
        retry: 10,
        backoffPolicy: 'exponential',
        backoffDelay: 'PT0.5S',
        timeout: 'PT30S',
        deadLetterSink: { ref: serviceRef(DEAD_LETTERS), uri: eventRoute(DEAD_LETTERS) },
      },
      sink: { ref: serviceRef(fn.name), uri: eventRoute(fn.name) },
    },
  };
}

function pingSource(fn: RippleFunction & { kind: 'schedule' }): Manifest {
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'PingSource',
    metadata: { name: `${fn.name}-schedule`, namespace: NAMESPACE, labels: labels(fn.name, 'trigger') },
    spec: {
      schedule: fn.schedule,
      timezone: 'UTC',
      contentType: 'application/json',
      data: JSON.stringify({ function: fn.name }),
      sink: { ref: serviceRef(fn.name), uri: eventRoute(fn.name) },
    },
  };
}

function migrationJob(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'ripple-migrate', namespace: NAMESPACE, labels: labels('ripple-migrate', 'migration') },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 600,
      template: {
        metadata: { labels: labels('ripple-migrate', 'migration') },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'migrate',
              image: IMAGE_PLACEHOLDER,
              args: ['dist/migrate.js'],
              env: [{ name: 'DATABASE_URL', valueFrom: secret(SECRETS.app, 'DATABASE_URL') }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              securityContext,
            },
          ],
        },
      },
    },
  };
}

/** Every manifest, by file name (one resource per file). */
export function knativeManifests(functions: readonly RippleFunction[] = registry): Map<string, Manifest> {
  const files = new Map<string, Manifest>();
  files.set('api-gateway.service.yaml', gatewayService());
  files.set('ripple-migrate.job.yaml', migrationJob());
  for (const fn of functions) {
    files.set(`${fn.name}.service.yaml`, functionService(fn));
    if (fn.kind === 'consumer') for (const topic of fn.topics) files.set(`${fn.name}-${topic}.kafkasource.yaml`, kafkaSource(fn, topic));
    if (fn.kind === 'schedule') files.set(`${fn.name}.pingsource.yaml`, pingSource(fn));
  }
  return files;
}

const HEADER = '# Generated by scripts/generate-knative.ts from functions/registry.ts: do not edit, run `npm run generate`.\n';

export const render = (manifest: Manifest) => HEADER + stringify(manifest, { lineWidth: 0 });

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(import.meta.dirname, '../knative');
  await mkdir(dir, { recursive: true });
  for (const file of await readdir(dir)) if (file.endsWith('.yaml')) await rm(path.join(dir, file));
  const manifests = knativeManifests();
  for (const [file, manifest] of manifests) await writeFile(path.join(dir, file), render(manifest));
  console.log(`knative/: ${manifests.size} manifests written`);
}
