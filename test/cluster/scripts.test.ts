import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { POSTGRES_MALLOC } from '../../functions/_shared/db/embedded.js';
import { TOPICS } from '../../functions/_shared/events/catalog.js';
import { renderOverlay } from './overlays.js';
import { crdErrors } from './schemas.js';
import { run } from '../support/shell.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs a script; resolves with its exit code and output whether it succeeded or not. */
const script = (name: string, args: string[], env: Record<string, string> = {}) =>
  run('bash', [path.join(root, 'scripts', name), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });

/** The manifests a dry run prints between `<<'MANIFEST'` and `MANIFEST`. */
function printedManifests(stdout: string): any[] {
  const blocks = [...stdout.matchAll(/<<'MANIFEST'.*\n([\s\S]*?)\nMANIFEST\n/g)].map((m) => m[1]!);
  return blocks.flatMap((text) => parseAllDocuments(text).map((d) => d.toJS()));
}

describe('scripts for the cluster', () => {
  it('pass shellcheck', async () => {
    const files = [
      'scripts/deploy',
      'scripts/publish-web',
      'scripts/create-topics',
      'scripts/smoke',
      'scripts/dev-cluster',
      'scripts/cluster-e2e',
      'test/cluster/tools/rpk',
      '.ci/run',
    ].map((f) => path.join(root, f));
    const { stdout } = await run('shellcheck', ['--severity=style', ...files]);
    expect(stdout).toBe('');
  });

  it('deploy --dry-run prints every step in order, and every manifest with the image and brokers filled in', async () => {
    const { code, stdout } = await script('deploy', [
      '--image',
      'ghcr.io/acme/ripple@sha256:0123',
      '--brokers',
      'k1:9093,k2:9093',
      '--dry-run',
    ]);
    expect(code).toBe(0);
    const steps = stdout
      .split('\n')
      .filter((l) => l.startsWith('+ '))
      .map((l) => l.replace(/  # .*$/, ''));
    const at = (prefix: string) => steps.findIndex((s) => s.startsWith(prefix));
    expect(at('+ kubectl create namespace ripple')).toBe(0);
    expect(at('+ kubectl -n ripple get secret ripple-secrets ripple-kafka')).toBe(1);
    expect(at('+ kubectl -n ripple delete job ripple-migrate')).toBeLessThan(
      at('+ kubectl -n ripple wait --for=condition=complete job/ripple-migrate'),
    );
    expect(at('+ kubectl -n ripple wait --for=condition=complete job/ripple-migrate')).toBeLessThan(
      at('+ kubectl -n ripple wait --for=condition=Ready ksvc/'),
    );
    expect(at('+ kubectl -n ripple wait --for=condition=Ready ksvc/')).toBeLessThan(
      at('+ kubectl -n ripple wait --for=condition=Ready kafkasource,pingsource'),
    );
    expect(steps.at(-1)).toContain('get ksvc api-gateway');

    const manifests = printedManifests(stdout);
    // Every resource of the overlay (production by default), each applied once.
    const rendered = renderOverlay('production');
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(
      rendered.map((m) => `${m.kind}/${m.metadata.name}`).sort(),
    );
    expect(rendered.length).toBeGreaterThan(35);
    expect(stdout).not.toContain('ripple-image');
    expect(stdout).not.toContain('redpanda.redpanda.svc');
    for (const m of manifests) {
      if (m.kind !== 'Job') expect(crdErrors(m), `${m.kind} ${m.metadata.name}`).toEqual([]);
      const containers = m.spec.template?.spec?.containers ?? [];
      for (const c of containers) expect(c.image).toBe('ghcr.io/acme/ripple@sha256:0123');
      if (m.kind === 'KafkaSource') expect(m.spec.bootstrapServers).toEqual(['k1:9093', 'k2:9093']);
    }
    // Every Service is waited for.
    const waited = steps
      .filter((s) => s.includes('--for=condition=Ready ksvc/'))
      .map((s) => /ksvc\/(\S+)/.exec(s)![1]);
    expect(waited.sort()).toEqual(
      manifests
        .filter((m) => m.kind === 'Service')
        .map((m) => m.metadata.name)
        .sort(),
    );
  });

  it('deploy --overlay small deploys the small overlay, and --pull-secret lets every pod pull from a private registry', async () => {
    const { code, stdout } = await script('deploy', [
      '--image',
      'registry.example.com/ripple@sha256:9',
      '--overlay',
      'small',
      '--pull-secret',
      'registry-pull',
      '--dry-run',
    ]);
    expect(code).toBe(0);
    const manifests = printedManifests(stdout);
    const small = renderOverlay('small');
    expect(manifests).toHaveLength(small.length);
    const pool = (m: any) =>
      m.spec.template.spec.containers[0].env.find((e: any) => e.name === 'DB_POOL_MAX')?.value;
    const listed = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'tasks-list');
    expect(listed.spec.template.metadata.annotations['autoscaling.knative.dev/max-scale']).toBe(
      '1',
    );
    expect(pool(listed)).toBe(
      pool(small.find((m) => m.kind === 'Service' && m.metadata.name === 'tasks-list')),
    );
    // The pods run as the namespace's default ServiceAccount: it carries the pull secret, checked first.
    const steps = stdout.split('\n').filter((l) => l.startsWith('+ '));
    const patch = steps.findIndex((l) =>
      l.startsWith(
        '+ kubectl -n ripple patch serviceaccount default --type merge -p {"imagePullSecrets":[{"name":"registry-pull"}]}',
      ),
    );
    expect(
      steps.findIndex((l) => l === '+ kubectl -n ripple get secret registry-pull -o name'),
    ).toBe(patch - 1);
    expect(patch).toBeLessThan(steps.findIndex((l) => l.includes('ripple-migrate.job.yaml')));
    expect(
      (await script('deploy', ['--image', 'r:1', '--overlay', 'huge', '--dry-run'])).code,
    ).toBe(2);
  });

  it('deploy --kn creates the Services with kn, and refuses to run without an image', async () => {
    const { stdout } = await script('deploy', ['--image', 'r:1', '--kn', '--dry-run']);
    expect(stdout).toMatch(
      /^\+ kn service create tasks-create --namespace ripple --force --wait /m,
    );
    expect(stdout).not.toMatch(/kubectl apply -f - <<'MANIFEST'  # tasks-create\.service\.yaml/);
    expect(stdout).toMatch(/kubectl apply -f - <<'MANIFEST'  # ripple-migrate\.job\.yaml/);
    const missing = await script('deploy', ['--dry-run']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--image (or RIPPLE_IMAGE) is required');
    const fromEnv = await script('deploy', ['--dry-run'], { RIPPLE_IMAGE: 'from-env:2' });
    expect(fromEnv.stdout).toContain('image: from-env:2');
  });

  it('publish-web --dry-run uploads every built file, assets immutable first, config.json and index.html no-cache last', async () => {
    const { code, stdout } = await script('publish-web', [
      '--bucket',
      's3://ui-bucket/ripple/',
      '--api-base',
      'https://api.example.com/',
      '--dry-run',
    ]);
    expect(code).toBe(0);
    const uploads = stdout.split('\n').filter((l) => l.startsWith('upload '));
    const built = readdirSync(path.join(root, 'web/dist/assets')).filter((f) => !f.endsWith('.gz'));
    expect(uploads).toHaveLength(built.length + 6);
    // theme.js, the service worker, manifest and icon keep their names: checked each time, before config.json and index.html.
    for (const file of ['icon.svg', 'manifest.webmanifest', 'sw.js', 'theme.js'])
      expect(
        uploads.find((u) => u.includes(`-> s3://ui-bucket/ripple/${file} `)),
        file,
      ).toContain('cache-control: no-cache');
    expect(uploads.slice(-6, -2).map((u) => /ripple\/(\S+) /.exec(u)?.[1])).toEqual([
      'icon.svg',
      'manifest.webmanifest',
      'sw.js',
      'theme.js',
    ]);
    for (const file of built) {
      const line = uploads.find((u) => u.includes(`-> s3://ui-bucket/ripple/assets/${file} `));
      expect(line, file).toContain('cache-control: public, max-age=31536000, immutable');
      expect(line).toContain(
        file.endsWith('.js')
          ? 'content-type: text/javascript'
          : file.endsWith('.css')
            ? 'content-type: text/css'
            : 'content-type:',
      );
    }
    expect(uploads.at(-3)).toMatch(
      /web\/dist\/theme\.js -> s3:\/\/ui-bucket\/ripple\/theme\.js  content-type: text\/javascript; charset=utf-8  cache-control: no-cache$/,
    );
    expect(uploads.at(-2)).toMatch(
      /-> s3:\/\/ui-bucket\/ripple\/config\.json  content-type: application\/json  cache-control: no-cache$/,
    );
    expect(uploads.at(-1)).toMatch(
      /web\/dist\/index\.html -> s3:\/\/ui-bucket\/ripple\/index\.html  content-type: text\/html; charset=utf-8  cache-control: no-cache$/,
    );
    expect(stdout).not.toMatch(/\.gz /);
    expect(stdout).toContain('config.json: { "apiBase": "https://api.example.com" }');
    expect(
      (
        await script('publish-web', [
          '--bucket',
          'ui-bucket',
          '--api-base',
          'https://a',
          '--dry-run',
        ])
      ).code,
    ).toBe(2);
    expect(
      (await script('publish-web', ['--bucket', 's3://b', '--api-base', 'ftp://a', '--dry-run']))
        .code,
    ).toBe(2);
  });

  it('create-topics --dry-run creates exactly the topics the code publishes to, with rpk or kafka-topics.sh', async () => {
    const rpk = await script('create-topics', ['--partitions', '12', '--dry-run']);
    // No replication factor unless asked: the cluster's default, which a one-node Redpanda can meet.
    const created = [
      ...rpk.stdout.matchAll(
        /^\+ rpk topic create (\S+) --partitions 12 --topic-config retention\.ms=604800000/gm,
      ),
    ].map((m) => m[1]);
    expect(created.sort()).toEqual(Object.values(TOPICS).sort());
    expect(rpk.stdout).not.toContain('--replicas');
    const three = await script('create-topics', ['--replication-factor', '3', '--dry-run']);
    expect(
      three.stdout.match(/^\+ rpk topic create \S+ --partitions 6 --replicas 3 /gm),
    ).toHaveLength(Object.values(TOPICS).length);
    const kafka = await script('create-topics', ['--kafka', '--replicas', '3', '--dry-run'], {
      KAFKA_BOOTSTRAP: 'k:9093',
    });
    expect(
      [
        ...kafka.stdout.matchAll(
          /^\+ kafka-topics\.sh --bootstrap-server k:9093 .*--create --if-not-exists --topic (\S+) --partitions 6 --replication-factor 3 /gm,
        ),
      ]
        .map((m) => m[1])
        .sort(),
    ).toEqual(Object.values(TOPICS).sort());
    expect((await script('create-topics', ['--replicas', 'three', '--dry-run'])).code).toBe(2);
  });

  it('create-topics is idempotent against rpk, which exits 1 for a topic that exists; other failures still fail', async () => {
    const state = await mkdtemp(path.join(tmpdir(), 'rpk-model-'));
    const env = {
      PATH: `${path.join(root, 'test/cluster/tools')}:${process.env.PATH}`,
      RPK_MODEL_DIR: state,
      RPK_MODEL_BROKERS: '1',
    };
    try {
      const first = await script('create-topics', [], env);
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout.match(/created$/gm)).toHaveLength(Object.values(TOPICS).length);
      expect((await readdir(state)).sort()).toEqual(Object.values(TOPICS).sort());
      const second = await script('create-topics', [], env);
      expect(second).toMatchObject({ code: 0 });
      expect(second.stdout.match(/exists, left as it is$/gm)).toHaveLength(
        Object.values(TOPICS).length,
      );
      // Three replicas on a one-node cluster: a real failure, reported with rpk's own words.
      await rm(path.join(state, 'reminders'));
      const tooMany = await script('create-topics', ['--replicas', '3'], env);
      expect(tooMany.code).toBe(1);
      expect(tooMany.stderr).toContain('INVALID_REPLICATION_FACTOR');
      expect(tooMany.stderr).toContain('creating reminders failed');
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });

  it('dev-cluster --dry-run prints every step in order, at pinned releases, ending with the small overlay deployed', async () => {
    const { code, stdout } = await script('dev-cluster', ['--dry-run']);
    expect(code).toBe(0);
    const steps = stdout.split('\n').filter((l) => l.startsWith('+ '));
    const at = (pattern: RegExp) => {
      const index = steps.findIndex((s) => pattern.test(s));
      expect(index, String(pattern)).toBeGreaterThanOrEqual(0);
      return index;
    };
    const order = [
      /kind create cluster --name 'ripple' --image 'kindest\/node:v[\d.]+'/,
      /serving\/releases\/download\/knative-v[\d.]+\/serving-crds\.yaml/,
      /serving-core\.yaml/,
      /net-kourier\/releases\/download\/knative-v[\d.]+\/kourier\.yaml/,
      /config-network .*kourier\.ingress\.networking\.knative\.dev/,
      /eventing\/releases\/download\/knative-v[\d.]+\/eventing-core\.yaml/,
      /eventing-kafka-broker\/releases\/download\/knative-v[\d.]+\/eventing-kafka-source\.yaml/,
      /cert-manager\/releases\/download\/v[\d.]+\/cert-manager\.yaml/,
      /helm upgrade --install redpanda redpanda\/redpanda --version [\d.]+ .*statefulset\.replicas=1 .*auth\.sasl\.enabled=true .*SCRAM-SHA-256/,
      /helm upgrade --install dapr dapr\/dapr --version [\d.]+/,
      /kubectl apply -f - <<'MANIFEST'  # postgres\.yaml/,
      /docker build -t dev\.local\/ripple:\S+ /,
      /kind load docker-image dev\.local\/ripple:\S+ --name ripple/,
      /RPK_USER=ripple .*bash -s -- --replicas 1 < .*scripts\/create-topics/,
      /create secret generic ripple-secrets/,
      /create secret generic ripple-kafka .*sasl\.mechanism=SCRAM-SHA-256 .*ca\.crt=/,
      /kubectl -n ripple wait --for=condition=complete job\/ripple-migrate/,
      /get ksvc api-gateway/,
    ].map(at);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Pinned: every release URL names a version, every chart has --version, nothing says latest.
    for (const s of steps.filter((l) => l.includes('https://github.com/')))
      expect(s).toMatch(/\/download\/(knative-)?v\d+\.\d+\.\d+\//);
    expect(
      steps
        .filter((l) => l.includes('helm upgrade --install'))
        .every((l) => / --version \d+\.\d+\.\d+ /.test(l)),
    ).toBe(true);
    expect(stdout).not.toMatch(/latest/);
    // The deploy at the end is the small overlay, on the image it built (Knative runs dev.local/ images as they are).
    const services = printedManifests(stdout).filter(
      (m) => m.apiVersion === 'serving.knative.dev/v1',
    );
    expect(services.length).toBeGreaterThan(20);
    for (const s of services) {
      expect(
        s.spec.template.metadata.annotations['autoscaling.knative.dev/max-scale'],
        s.metadata.name,
      ).toBe('1');
      expect(s.spec.template.spec.containers[0].image).toMatch(/^dev\.local\/ripple:/);
    }
    // The ripple-kafka Secret is what the components and KafkaSources read.
    expect(stdout).toContain('--from-literal=brokers=redpanda.redpanda.svc.cluster.local:9093');
    // Its PostgreSQL runs with glibc's malloc held steady, as the embedded one does.
    const postgres = printedManifests(stdout).find(
      (m) => m.kind === 'StatefulSet' && m.metadata.name === 'postgres',
    );
    expect(postgres.spec.template.spec.containers[0].env).toContainEqual({
      name: 'GLIBC_TUNABLES',
      value: POSTGRES_MALLOC,
    });
  });

  it("the README's minimum versions name what dev-cluster pins, and the KafkaSource v1 minimum", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const deploy = readme.slice(
      readme.indexOf('## Deploy to Kubernetes'),
      readme.indexOf('## Guarantees'),
    );
    const pin = (name: string) =>
      new RegExp(`^${name}=(\\S+)`, 'm').exec(
        readFileSync(path.join(root, 'scripts/dev-cluster'), 'utf8'),
      )?.[1];
    const row = (what: string) => deploy.split('\n').find((l) => l.startsWith(`| ${what} |`)) ?? '';
    expect(row('eventing-kafka-broker (Kafka source)')).toMatch(
      /\| knative-v1\.16 \|.*sources\.knative\.dev\/v1/,
    );
    for (const what of [
      'Knative Serving',
      'Knative Eventing',
      'eventing-kafka-broker (Kafka source)',
    ])
      expect(row(what), what).toContain(pin('KNATIVE_VERSION')!);
    expect(row('Dapr')).toContain(`chart ${pin('DAPR_CHART_VERSION')}`);
    expect(row('Redpanda (or Kafka 3.x)')).toContain(`chart ${pin('REDPANDA_CHART_VERSION')}`);
    expect(row('Kubernetes')).toContain(pin('KIND_NODE_IMAGE')!.split(':')[1]!);
    expect(deploy).toMatch(/PgBouncer 1\.21\*\* with\s+\*\*`max_prepared_statements`\*\*/);
  });

  it("dev-cluster --minikube and --image: the seeds' minikube, and an image already loaded (no build)", async () => {
    const mini = await script('dev-cluster', ['--minikube', '--name', 'rp', '--dry-run']);
    expect(mini.code).toBe(0);
    expect(mini.stdout).toMatch(
      /^\+ minikube start -p rp --kubernetes-version v[\d.]+ --cpus 4 --memory 8g$/m,
    );
    expect(mini.stdout).toMatch(/^\+ minikube -p rp image load dev\.local\/ripple:/m);
    expect(mini.stdout).not.toMatch(/kind (create|load)/);
    const given = await script('dev-cluster', [
      '--image',
      'dev.local/ripple:previous',
      '--dry-run',
    ]);
    expect(given.stdout).not.toMatch(/docker build/);
    expect(given.stdout).toContain('image: dev.local/ripple:previous');
    expect((await script('dev-cluster', ['--kind-of-cluster'])).code).toBe(2);
  });

  it('smoke --dry-run prints every request and sends none', async () => {
    const dry = await script('smoke', ['--dry-run', 'http://127.0.0.1:1/']);
    expect(dry.code).toBe(0);
    const requests = dry.stdout.split('\n').filter((l) => l.startsWith('+ curl '));
    expect(
      requests.map((r) =>
        / -X (\S+) .*http:\/\/127\.0\.0\.1:1(\S+)  # expect (\d+)$/.exec(r)?.slice(1).join(' '),
      ),
    ).toEqual([
      'GET /readyz 200',
      'POST /api/auth/signup 201',
      'POST /api/tasks 201',
      'GET /api/tasks 200',
    ]);
    expect(dry.stdout).toContain('nothing sent to http://127.0.0.1:1');
    expect((await script('smoke', ['--dry-run'])).code).toBe(2);
    expect((await script('smoke', ['--dry-run', '--dryrun', 'http://x'])).code).toBe(2);
  });
});
