// Writes knative/ from the function registry, as a kustomize base and its overlays:
//   knative/base/       one Knative Service per function, a KafkaSource per consumer and topic, a
//                       PingSource per schedule, the api-gateway (the one public API origin, routing by
//                       the registry) and the migration Job, sized for production; plus components/
//   knative/overlays/   production (the base as it is) and small (one 4-vCPU node: kind, a laptop)
//   knative/monitoring/ the PrometheusRule, PodMonitor and dashboard (scripts/monitoring-manifests.ts)
// `npm run generate` writes; test/cluster/knative.test.ts fails when the committed files differ from
// what this produces, and test/cluster/overlays.test.ts renders every overlay with `kubectl kustomize`.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { eventRoute } from '../functions/_shared/events/catalog.js';
import { routesOfFunction, type RippleFunction } from '../functions/_shared/function.js';
import { registry } from '../functions/registry.js';
import { monitoringManifests } from './monitoring-manifests.js';

export const NAMESPACE = 'ripple';
/** Replaced by scripts/deploy with the image to run (RIPPLE_IMAGE, best by digest). */
export const IMAGE_PLACEHOLDER = 'ripple-image';
/** Replaced by scripts/deploy with KAFKA_BROKERS; the Redpanda Helm chart's TLS listener by default. */
export const BROKERS_PLACEHOLDER = 'redpanda.redpanda.svc.cluster.local:9093';
export const SECRETS = {
  app: 'ripple-secrets',
  kafka: 'ripple-kafka',
  vapid: 'ripple-vapid',
  smtp: 'ripple-smtp',
} as const;
/**
 * The keys of the optional Secrets a function may ask for (its registry entry's `secrets`). Optional:
 * without ripple-vapid no push is sent, without ripple-smtp no mail, and everything else runs.
 */
export const OPTIONAL_SECRET_KEYS = {
  vapid: ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'],
  smtp: ['SMTP_URL', 'MAIL_FROM'],
} as const;
export const CONFIG_MAP = 'ripple-config';
export const DEAD_LETTERS = 'dead-letters';
const PORT = 8080;

type Manifest = Record<string, unknown>;
const SERVICE_API = 'serving.knative.dev/v1';
const labels = (name: string, component: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': 'ripple',
  'app.kubernetes.io/component': component,
});
const secret = (name: string, key: string) => ({ secretKeyRef: { name, key } });
const serviceRef = (name: string) => ({
  apiVersion: SERVICE_API,
  kind: 'Service',
  name,
  namespace: NAMESPACE,
});

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

/** How a kind of function is sized in one environment. */
export interface Sizing {
  /** PostgreSQL connections per replica (DB_POOL_MAX). */
  poolMax: number;
  maxScale: number;
  /** Requests of the function's container, the Dapr sidecar and Knative's queue-proxy. */
  cpu: string;
  memory: string;
  memoryLimit: string;
  daprCpu: string;
  daprMemory: string;
  queueCpu: string;
  queueMemory: string;
}

/**
 * The classes a function falls in for sizing (its Service's `ripple.dev/sizing` label). A function that
 * writes also publishes the outbox rows it wrote, in a transaction held while the publisher answers
 * (outbox-relay.ts): it needs one connection for that and one for requests, or a slow broker would
 * starve its requests. A function that only reads (every route a GET) needs one.
 */
export type SizingClass = 'read' | 'write' | 'consumer' | 'schedule';
export const SIZING_CLASSES: readonly SizingClass[] = ['read', 'write', 'consumer', 'schedule'];
export const sizingClass = (fn: RippleFunction): SizingClass => {
  if (fn.kind !== 'http') return fn.kind;
  return routesOfFunction(fn).every((r) => r.method === 'GET') ? 'read' : 'write';
};

export interface Environment {
  name: string;
  /** What it is for, written into its kustomization.yaml. */
  purpose: string;
  /** PostgreSQL connections the whole deployment may hold at most (every Service at max-scale, the Job). */
  connectionBudget: number;
  sizing: Record<SizingClass, Sizing>;
  /** realtime holds long-lived streams: it may scale further than the other HTTP functions. */
  realtimeMaxScale: number;
  gateway: {
    minScale: number;
    maxScale: number;
    cpu: string;
    memory: string;
    queueCpu: string;
    queueMemory: string;
  };
}

const sized = (
  poolMax: number,
  maxScale: number,
  cpu: string,
  memory: string,
  dapr: [string, string],
  queue: [string, string],
): Sizing => ({
  poolMax,
  maxScale,
  cpu,
  memory,
  memoryLimit: '256Mi',
  daprCpu: dapr[0],
  daprMemory: dapr[1],
  queueCpu: queue[0],
  queueMemory: queue[1],
});

/**
 * Production defaults (the base): a managed PostgreSQL with max_connections = 200 (an RDS db.t4g.small
 * allows about 225), of which 20 are left for superusers, the migration Job and an operator's psql.
 * (It was 100 until projects and schedules came: every Service at max-scale no longer fit in 90.)
 * HTTP functions keep one connection per replica: a request holds it for a few milliseconds, and they
 * scale out instead. Behind PgBouncer (README) raise max-scale, not the pools.
 */
export const PRODUCTION: Environment = {
  name: 'production',
  purpose:
    'production defaults: every Service at max-scale holds at most 180 PostgreSQL connections (max_connections = 200)',
  connectionBudget: 180,
  sizing: {
    read: sized(1, 2, '50m', '128Mi', ['25m', '64Mi'], ['25m', '40Mi']),
    write: sized(2, 2, '50m', '128Mi', ['25m', '64Mi'], ['25m', '40Mi']),
    consumer: sized(2, 1, '50m', '128Mi', ['25m', '64Mi'], ['25m', '40Mi']),
    schedule: sized(2, 1, '50m', '128Mi', ['25m', '64Mi'], ['25m', '40Mi']),
  },
  realtimeMaxScale: 2,
  gateway: {
    minScale: 1,
    maxScale: 10,
    cpu: '50m',
    memory: '64Mi',
    queueCpu: '25m',
    queueMemory: '40Mi',
  },
};

/**
 * One 4-vCPU node (kind, minikube, a laptop) that also runs Knative, the Kafka source dispatcher, Dapr,
 * Redpanda and PostgreSQL: one replica of everything, and requests small enough that one pod of every
 * Service at once asks for about a vCPU. Its PostgreSQL keeps the default max_connections = 100: 80 for
 * Ripple (60 until schedules came, 70 until the agents' and the channels' Services came), 20 left for
 * superusers and an operator, as production leaves 20 of its 200.
 */
export const SMALL: Environment = {
  name: 'small',
  purpose:
    'one 4-vCPU node (scripts/dev-cluster): one replica each, one pod of every Service at once requests about 1 vCPU',
  connectionBudget: 80,
  sizing: {
    read: sized(1, 1, '15m', '64Mi', ['10m', '32Mi'], ['10m', '24Mi']),
    write: sized(2, 1, '15m', '64Mi', ['10m', '32Mi'], ['10m', '24Mi']),
    // Consumers and schedules wait for events most of the time: they request 10m and 48Mi (15m and 64Mi
    // until push and mail came, three Services more); their limit stays 256Mi.
    consumer: sized(2, 1, '10m', '48Mi', ['10m', '32Mi'], ['10m', '24Mi']),
    schedule: sized(2, 1, '10m', '48Mi', ['10m', '32Mi'], ['10m', '24Mi']),
  },
  realtimeMaxScale: 1,
  gateway: {
    minScale: 1,
    maxScale: 1,
    cpu: '15m',
    memory: '48Mi',
    queueCpu: '10m',
    queueMemory: '24Mi',
  },
};

export const ENVIRONMENTS = [PRODUCTION, SMALL] as const;

/**
 * Connections a replica may hold besides its pool: a PostgreSQL LISTEN has a connection of its own
 * (functions/_shared/db/listen.ts), held by realtime (the fan-out to every replica) and by a schedule
 * woken by a NOTIFY.
 */
export const listenConnections = (fn: RippleFunction): number =>
  fn.name === 'realtime' || (fn.kind === 'schedule' && fn.wakeOn) ? 1 : 0;

/**
 * Connections a replica's Dapr sidecar holds for a state store scoped to it: the chat function's
 * conversations (components/ripple-chat-state.yaml, its maxConns).
 */
export const CHAT_STATE_CONNECTIONS = 2;
export const stateStoreConnections = (fn: RippleFunction): number =>
  fn.name === 'chat' ? CHAT_STATE_CONNECTIONS : 0;

/** The migration Job's pool (functions/migrate.ts). */
export const MIGRATION_CONNECTIONS = 1;

/** How each kind of function scales: HTTP by concurrent requests, consumers gently, schedules one at a time. */
function scaling(
  fn: RippleFunction,
  env: Environment,
): { maxScale: number; target: number; timeoutSeconds: number } {
  const { maxScale } = env.sizing[sizingClass(fn)];
  if (fn.name === 'realtime')
    return { maxScale: env.realtimeMaxScale, target: 500, timeoutSeconds: 600 }; // long-lived SSE streams
  if (fn.name === 'chat') return { maxScale, target: 20, timeoutSeconds: 300 }; // an answer streams while the model and its tool steps run
  if (fn.kind === 'http') return { maxScale, target: 50, timeoutSeconds: 30 };
  if (fn.kind === 'consumer') return { maxScale, target: 20, timeoutSeconds: 60 };
  return { maxScale, target: 10, timeoutSeconds: 120 };
}

/** The worst case of an environment: every Service at max-scale with every connection of its pool open. */
export function worstCaseConnections(
  env: Environment,
  functions: readonly RippleFunction[] = registry,
): number {
  return (
    MIGRATION_CONNECTIONS +
    functions.reduce(
      (sum, fn) =>
        sum +
        (env.sizing[sizingClass(fn)].poolMax + listenConnections(fn) + stateStoreConnections(fn)) *
          scaling(fn, env).maxScale,
      0,
    )
  );
}

/**
 * Knative makes a revision's timeoutSeconds its pods' termination grace period. A SIGTERM'd function
 * finishes its work within this much, leaving time to spare before the kubelet's SIGKILL.
 */
const shutdownGraceSeconds = (timeoutSeconds: number) => timeoutSeconds - 5;

/** The Service label an overlay selects a sizing class by. */
export const SIZING_LABEL = 'ripple.dev/sizing';

/** Where DB_POOL_MAX sits in every function's env (an overlay patches it by this index). */
export const POOL_ENV_INDEX = 5;

/**
 * What one function needs besides the common env. The chat assistant keeps conversations through the
 * sidecar's state store, and takes its model's key from the Secret if there is one (LLM_BASE_URL and
 * LLM_MODEL come from the ConfigMap; without them the assistant is off).
 */
function functionEnv(fn: RippleFunction): Record<string, unknown>[] {
  if (fn.name !== 'chat') return [];
  return [
    { name: 'CHAT_STORE', value: 'dapr' },
    {
      name: 'LLM_API_KEY',
      valueFrom: { secretKeyRef: { name: SECRETS.app, key: 'LLM_API_KEY', optional: true } },
    },
  ];
}

function functionService(fn: RippleFunction, env: Environment): Manifest {
  const { maxScale, target, timeoutSeconds } = scaling(fn, env);
  const size = env.sizing[sizingClass(fn)];
  const grace = shutdownGraceSeconds(timeoutSeconds);
  const component = fn.kind === 'http' ? 'api' : fn.kind;
  return {
    apiVersion: SERVICE_API,
    kind: 'Service',
    metadata: {
      name: fn.name,
      namespace: NAMESPACE,
      // Only the api-gateway is public; functions are reached through it, or by the eventing system.
      labels: {
        ...labels(fn.name, component),
        [SIZING_LABEL]: sizingClass(fn),
        'networking.knative.dev/visibility': 'cluster-local',
      },
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
            'dapr.io/sidecar-cpu-request': size.daprCpu,
            'dapr.io/sidecar-memory-request': size.daprMemory,
            'dapr.io/sidecar-memory-limit': '256Mi',
            // Knative's default queue-proxy request is 25m: small, but it is in every pod.
            'queue.sidecar.serving.knative.dev/cpu-resource-request': size.queueCpu,
            'queue.sidecar.serving.knative.dev/memory-resource-request': size.queueMemory,
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
                // Connections per replica; with max-scale it bounds the deployment's total (README).
                { name: 'DB_POOL_MAX', value: String(size.poolMax) },
                { name: 'DATABASE_URL', valueFrom: secret(SECRETS.app, 'DATABASE_URL') },
                { name: 'JWT_SECRET', valueFrom: secret(SECRETS.app, 'JWT_SECRET') },
                ...functionEnv(fn),
                ...(fn.secrets ?? []).flatMap((name) =>
                  OPTIONAL_SECRET_KEYS[name].map((key) => ({
                    name: key,
                    valueFrom: { secretKeyRef: { name: SECRETS[name], key, optional: true } },
                  })),
                ),
              ],
              envFrom: [{ configMapRef: { name: CONFIG_MAP, optional: true } }],
              resources: {
                requests: { cpu: size.cpu, memory: size.memory },
                limits: { memory: size.memoryLimit },
              },
              readinessProbe: {
                httpGet: { path: '/readyz' },
                periodSeconds: 2,
                failureThreshold: 3,
              },
              livenessProbe: {
                httpGet: { path: '/healthz' },
                periodSeconds: 10,
                failureThreshold: 3,
              },
              securityContext,
            },
          ],
        },
      },
    },
  };
}

const GATEWAY_TIMEOUT_SECONDS = 600; // it carries the realtime function's long-lived streams

function gatewayService(env: Environment): Manifest {
  return {
    apiVersion: SERVICE_API,
    kind: 'Service',
    metadata: {
      name: 'api-gateway',
      namespace: NAMESPACE,
      labels: labels('api-gateway', 'gateway'),
    },
    spec: {
      template: {
        metadata: {
          labels: labels('api-gateway', 'gateway'),
          annotations: {
            // The front door stays warm: a request to a cold function waits for one cold start, not two.
            'autoscaling.knative.dev/min-scale': String(env.gateway.minScale),
            'autoscaling.knative.dev/max-scale': String(env.gateway.maxScale),
            'autoscaling.knative.dev/target': '200',
            'queue.sidecar.serving.knative.dev/cpu-resource-request': env.gateway.queueCpu,
            'queue.sidecar.serving.knative.dev/memory-resource-request': env.gateway.queueMemory,
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
                {
                  name: 'SHUTDOWN_GRACE_SECONDS',
                  value: String(shutdownGraceSeconds(GATEWAY_TIMEOUT_SECONDS)),
                },
              ],
              envFrom: [{ configMapRef: { name: CONFIG_MAP, optional: true } }],
              resources: {
                requests: { cpu: env.gateway.cpu, memory: env.gateway.memory },
                limits: { memory: '128Mi' },
              },
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
    metadata: {
      name: `${fn.name}-${topic}`,
      namespace: NAMESPACE,
      labels: labels(fn.name, 'trigger'),
    },
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
    metadata: {
      name: `${fn.name}-schedule`,
      namespace: NAMESPACE,
      labels: labels(fn.name, 'trigger'),
    },
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
    metadata: {
      name: 'ripple-migrate',
      namespace: NAMESPACE,
      labels: labels('ripple-migrate', 'migration'),
    },
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
              resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              securityContext,
            },
          ],
        },
      },
    },
  };
}

const BASE = 'base';
const overlayDir = (env: Environment) => `overlays/${env.name}`;

/** The base's resources, by file name (one resource per file), sized for production. */
function baseManifests(functions: readonly RippleFunction[]): Map<string, Manifest> {
  const files = new Map<string, Manifest>();
  files.set('api-gateway.service.yaml', gatewayService(PRODUCTION));
  files.set('ripple-migrate.job.yaml', migrationJob());
  for (const fn of functions) {
    files.set(`${fn.name}.service.yaml`, functionService(fn, PRODUCTION));
    if (fn.kind === 'consumer')
      for (const topic of fn.topics)
        files.set(`${fn.name}-${topic}.kafkasource.yaml`, kafkaSource(fn, topic));
    if (fn.kind === 'schedule') files.set(`${fn.name}.pingsource.yaml`, pingSource(fn));
  }
  return files;
}

const KUSTOMIZE_API = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };
const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
const annotation = (key: string) => `/spec/template/metadata/annotations/${escapePointer(key)}`;

/** JSON patches (RFC 6902) that turn a base Service of one sizing class into `env`'s. */
function sizingPatch(
  size: Sizing,
  maxScale: number,
): { op: 'replace'; path: string; value: unknown }[] {
  const container = '/spec/template/spec/containers/0';
  return [
    {
      op: 'replace',
      path: annotation('autoscaling.knative.dev/max-scale'),
      value: String(maxScale),
    },
    { op: 'replace', path: annotation('dapr.io/sidecar-cpu-request'), value: size.daprCpu },
    { op: 'replace', path: annotation('dapr.io/sidecar-memory-request'), value: size.daprMemory },
    {
      op: 'replace',
      path: annotation('queue.sidecar.serving.knative.dev/cpu-resource-request'),
      value: size.queueCpu,
    },
    {
      op: 'replace',
      path: annotation('queue.sidecar.serving.knative.dev/memory-resource-request'),
      value: size.queueMemory,
    },
    {
      op: 'replace',
      path: `${container}/env/${POOL_ENV_INDEX}/value`,
      value: String(size.poolMax),
    },
    {
      op: 'replace',
      path: `${container}/resources`,
      value: {
        requests: { cpu: size.cpu, memory: size.memory },
        limits: { memory: size.memoryLimit },
      },
    },
  ];
}

const serviceTarget = (selector: { labelSelector?: string; name?: string }) => ({
  group: 'serving.knative.dev',
  version: 'v1',
  kind: 'Service',
  ...selector,
});

/** An overlay's kustomization: the base, with each sizing class patched to `env` where it differs. */
function overlay(env: Environment): Manifest {
  const patches: Manifest[] = [];
  if (env !== PRODUCTION) {
    for (const cls of SIZING_CLASSES) {
      const ops = sizingPatch(env.sizing[cls], env.sizing[cls].maxScale);
      patches.push({
        target: serviceTarget({ labelSelector: `${SIZING_LABEL}=${cls}` }),
        patch: stringify(ops, { lineWidth: 0 }),
      });
    }
    // realtime is an HTTP function that may scale further (the patch above sets its class's).
    patches.push({
      target: serviceTarget({ name: 'realtime' }),
      patch: stringify(
        [
          {
            op: 'replace',
            path: annotation('autoscaling.knative.dev/max-scale'),
            value: String(env.realtimeMaxScale),
          },
        ],
        { lineWidth: 0 },
      ),
    });
    const g = env.gateway;
    patches.push({
      target: serviceTarget({ name: 'api-gateway' }),
      patch: stringify(
        [
          {
            op: 'replace',
            path: annotation('autoscaling.knative.dev/min-scale'),
            value: String(g.minScale),
          },
          {
            op: 'replace',
            path: annotation('autoscaling.knative.dev/max-scale'),
            value: String(g.maxScale),
          },
          {
            op: 'replace',
            path: annotation('queue.sidecar.serving.knative.dev/cpu-resource-request'),
            value: g.queueCpu,
          },
          {
            op: 'replace',
            path: annotation('queue.sidecar.serving.knative.dev/memory-resource-request'),
            value: g.queueMemory,
          },
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/resources/requests',
            value: { cpu: g.cpu, memory: g.memory },
          },
        ],
        { lineWidth: 0 },
      ),
    });
  }
  return {
    ...KUSTOMIZE_API,
    resources: [`../../${BASE}`],
    ...(patches.length > 0 ? { patches } : {}),
  };
}

/**
 * Every file of knative/, by path below it: the base (its resources and kustomization.yaml, which also
 * takes in components/) and one kustomization.yaml per overlay.
 */
export function knativeManifests(
  functions: readonly RippleFunction[] = registry,
): Map<string, Manifest> {
  const files = new Map<string, Manifest>();
  const base = baseManifests(functions);
  for (const [file, manifest] of base) files.set(`${BASE}/${file}`, manifest);
  files.set(`${BASE}/kustomization.yaml`, {
    ...KUSTOMIZE_API,
    resources: ['../../components', ...[...base.keys()].sort()],
  });
  for (const env of ENVIRONMENTS) files.set(`${overlayDir(env)}/kustomization.yaml`, overlay(env));
  for (const [file, manifest] of monitoringManifests(NAMESPACE))
    files.set(`monitoring/${file}`, manifest);
  return files;
}

const HEADER =
  '# Generated by scripts/generate-knative.ts from functions/registry.ts: do not edit, run `npm run generate`.\n';

export const render = (manifest: Manifest) => HEADER + stringify(manifest, { lineWidth: 0 });

/** knative/ as it is written: each file's text by its path below knative/ (an overlay says what it is for). */
export function knativeFiles(functions: readonly RippleFunction[] = registry): Map<string, string> {
  const purposes = new Map(
    ENVIRONMENTS.map((env) => [
      `${overlayDir(env)}/kustomization.yaml`,
      `# ${env.name}: ${env.purpose}.\n`,
    ]),
  );
  for (const file of monitoringManifests(NAMESPACE).keys())
    purposes.set(
      `monitoring/${file}`,
      '# From monitoring/ (rules.yml, dashboard.json): edit those, then `npm run generate`. Apply with `kubectl apply -k knative/monitoring`.\n',
    );
  return new Map(
    [...knativeManifests(functions)].map(([file, manifest]) => [
      file,
      render(manifest).replace(HEADER, HEADER + (purposes.get(file) ?? '')),
    ]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(import.meta.dirname, '../knative');
  await rm(dir, { recursive: true, force: true });
  const manifests = knativeFiles();
  for (const [file, text] of manifests) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  const purposes = ENVIRONMENTS.map(
    (env) => `${env.name}: at most ${worstCaseConnections(env)} connections`,
  ).join('; ');
  console.log(`knative/: ${manifests.size} files written (${purposes})`);
}
