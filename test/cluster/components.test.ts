import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/_shared/config.js';
import { PUBSUB_NAME } from '../../functions/_shared/events/catalog.js';
import { registry } from '../../functions/registry.js';
import { CHAT_STATE_CONNECTIONS } from '../../scripts/generate-knative.js';
import { crdErrors, readYaml, SCHEMAS } from './schemas.js';

const dir = path.resolve(import.meta.dirname, '../../components');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const resources = files.map((f) => ({ file: f, doc: readYaml(path.join(dir, f)) }));
const components = resources.filter((r) => r.doc.kind === 'Component');

interface Field {
  name: string;
  type?: string;
  required?: boolean;
  sensitive?: boolean;
  allowedValues?: string[];
}

/** What a component's metadata.yaml (from dapr/components-contrib) accepts. */
function accepted(type: string): {
  fields: Field[];
  profiles: { title: string; metadata: Field[] }[];
} {
  const file = {
    'pubsub.kafka': 'pubsub-kafka',
    'secretstores.kubernetes': 'secretstores-kubernetes',
    'state.postgresql/v2': 'state-postgresql-v2',
  }[type];
  if (!file) throw new Error(`no metadata.yaml for ${type}`);
  const meta = readYaml(path.join(SCHEMAS, 'dapr', `${file}.metadata.yaml`));
  return { fields: meta.metadata ?? [], profiles: meta.authenticationProfiles ?? [] };
}

/** The problems with a component's metadata list, by its metadata.yaml ([] when none). */
function metadataProblems(component: any): string[] {
  // state.postgresql has a metadata.yaml per version (v1 and v2 differ); the others have one.
  const { fields, profiles } = accepted(
    component.spec.type === 'state.postgresql'
      ? `${component.spec.type}/${component.spec.version}`
      : component.spec.type,
  );
  const given: { name: string; value?: string; secretKeyRef?: unknown }[] = component.spec.metadata;
  // A field may be in several profiles (authType is in each, with that profile's value): merge them.
  const known = new Map<string, Field>();
  for (const f of [...profiles.flatMap((p) => p.metadata), ...fields]) {
    const seen = known.get(f.name);
    const allowedValues =
      seen?.allowedValues && f.allowedValues
        ? [...seen.allowedValues, ...f.allowedValues]
        : undefined;
    known.set(f.name, { ...seen, ...f, ...(allowedValues ? { allowedValues } : {}) });
  }
  const problems: string[] = [];
  for (const item of given) {
    const field = known.get(item.name);
    if (!field) {
      problems.push(`${item.name}: not a field of ${component.spec.type}`);
      continue;
    }
    if (field.sensitive && !item.secretKeyRef)
      problems.push(`${item.name}: sensitive, must come from a secretKeyRef`);
    if (item.value === undefined) continue;
    if (typeof item.value !== 'string') problems.push(`${item.name}: values are strings`);
    const allowed = field.allowedValues;
    if (allowed && !allowed.includes(item.value))
      problems.push(`${item.name}: "${item.value}" is not one of ${allowed.join(', ')}`);
    if (field.type === 'number' && !/^\d+$/.test(item.value))
      problems.push(`${item.name}: not a number`);
    if (field.type === 'bool' && !/^(true|false)$/.test(item.value))
      problems.push(`${item.name}: not true/false`);
    if (field.type === 'duration' && !/^\d+(ms|s|m|h)$/.test(item.value))
      problems.push(`${item.name}: not a duration`);
  }
  const names = new Set(given.map((g) => g.name));
  for (const f of fields)
    if (f.required && !names.has(f.name)) problems.push(`${f.name}: required`);
  // The auth profile the authType picks: every field it requires is there.
  const authType = given.find((g) => g.name === 'authType')?.value;
  if (authType) {
    const profile = profiles.find((p) =>
      p.metadata.some((m) => m.name === 'authType' && m.allowedValues?.includes(authType)),
    );
    if (!profile) problems.push(`authType: no profile for "${authType}"`);
    for (const f of profile?.metadata ?? [])
      if (f.required && !names.has(f.name))
        problems.push(`${f.name}: required by ${profile!.title}`);
  }
  return problems;
}

describe('components/, the Dapr components', () => {
  it('validates each against the Dapr CRD of its kind', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const { file, doc } of resources) expect(crdErrors(doc), file).toEqual([]);
  });

  it('names the pub/sub component as the code does, on Kafka, with SASL SCRAM-SHA-256 and secrets by reference', () => {
    const pubsub = components.find((c) => c.doc.spec.type === 'pubsub.kafka');
    expect(pubsub?.doc.metadata.name).toBe(PUBSUB_NAME);
    const items = Object.fromEntries(pubsub!.doc.spec.metadata.map((m: any) => [m.name, m]));
    expect(items.authType.value).toBe('password');
    expect(items.saslMechanism.value).toBe('SHA-256');
    expect(items.disableTls).toBeUndefined();
    for (const name of ['brokers', 'saslUsername', 'saslPassword', 'caCert'])
      expect(items[name].secretKeyRef, name).toMatchObject({ name: 'ripple-kafka' });
    expect(pubsub!.doc.auth.secretStore).toBe(
      components.find((c) => c.doc.spec.type === 'secretstores.kubernetes')?.doc.metadata.name,
    );
  });

  it("names no Component after one of Dapr's built-ins, and every secret store it refers to is declared here", () => {
    // daprd on Kubernetes loads a secret store named `kubernetes` before any Component; another of that
    // name fails with "component kubernetes already exists" and the sidecar exits.
    const builtIn = ['kubernetes'];
    for (const { file, doc } of components) expect(builtIn, file).not.toContain(doc.metadata.name);
    const names = new Set(components.map((c) => c.doc.metadata.name));
    expect(names.size).toBe(components.length);
    const referred = components.map((c) => c.doc.auth?.secretStore).filter(Boolean);
    expect(referred.length).toBeGreaterThan(0);
    for (const store of referred) {
      expect(names.has(store), store).toBe(true);
      expect(components.find((c) => c.doc.metadata.name === store)?.doc.spec.type).toMatch(
        /^secretstores\./,
      );
    }
  });

  it('lets the sidecar start while Kafka is unreachable: pubsub.kafka connects in its Init', () => {
    // A failed Init makes daprd exit unless the component sets ignoreErrors; every function (reads
    // too) would then fail to start while Kafka is down. The outbox keeps the events meanwhile.
    const pubsub = components.find((c) => c.doc.spec.type === 'pubsub.kafka')!.doc;
    expect(pubsub.spec.ignoreErrors).toBe(true);
    expect(pubsub.spec.initTimeout).toMatch(/^\d+s$/);
    expect(Number.parseInt(pubsub.spec.initTimeout, 10)).toBeLessThanOrEqual(15);
    // The other components need nothing outside the cluster, and must not start silently broken.
    for (const other of resources.filter((r) => r.doc.kind === 'Component' && r.doc !== pubsub))
      expect(other.doc.spec.ignoreErrors, other.file).toBeUndefined();
  });

  it("uses only metadata names and values that each component's metadata.yaml accepts", () => {
    for (const { file, doc } of components) expect(metadataProblems(doc), file).toEqual([]);
  });

  it('catches a misspelt field, a value out of range and a literal password', () => {
    const pubsub = structuredClone(components.find((c) => c.doc.spec.type === 'pubsub.kafka')!.doc);
    pubsub.spec.metadata.push({ name: 'saslMechanisms', value: 'SHA-256' });
    pubsub.spec.metadata.find((m: any) => m.name === 'saslMechanism').value = 'SCRAM-SHA-256';
    pubsub.spec.metadata.find((m: any) => m.name === 'saslPassword').value = 'hunter2';
    delete pubsub.spec.metadata.find((m: any) => m.name === 'saslPassword').secretKeyRef;
    expect(metadataProblems(pubsub)).toEqual([
      'saslPassword: sensitive, must come from a secretKeyRef',
      'saslMechanism: "SCRAM-SHA-256" is not one of SHA-512, SHA-256, PLAINTEXT',
      'saslMechanisms: not a field of pubsub.kafka',
    ]);
  });

  it('keeps chat conversations in a state.postgresql v2 store of the name the config defaults to, loaded by the chat sidecar alone', () => {
    const state = components.find((c) => c.doc.spec.type === 'state.postgresql')!.doc;
    expect(state.spec.version).toBe('v2');
    expect(state.metadata.name).toBe(loadConfig({}).CHAT_STATE_STORE);
    expect(state.scopes).toEqual(['chat']);
    expect(registry.some((fn) => fn.name === 'chat')).toBe(true);
    const items = Object.fromEntries(state.spec.metadata.map((m: any) => [m.name, m]));
    expect(items.connectionString.secretKeyRef).toEqual({
      name: 'ripple-secrets',
      key: 'DATABASE_URL',
    });
    // Its pool is counted in the deployment's connection budget (scripts/generate-knative.ts).
    expect(Number(items.maxConns.value)).toBe(CHAT_STATE_CONNECTIONS);
    expect(items.tablePrefix.value).toMatch(/^dapr_chat_/);
  });

  it('gives publishing a timeout, retries and a circuit breaker, on the pub/sub component', () => {
    const resiliency = resources.find((r) => r.doc.kind === 'Resiliency')!.doc;
    const outbound = resiliency.spec.targets.components[PUBSUB_NAME].outbound;
    expect(resiliency.spec.policies.timeouts[outbound.timeout]).toBeDefined();
    expect(resiliency.spec.policies.retries[outbound.retry]).toMatchObject({
      policy: 'exponential',
    });
    expect(resiliency.spec.policies.circuitBreakers[outbound.circuitBreaker].trip).toBeDefined();
  });
});
