import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/**
 * Upstream CRDs and Dapr component metadata (Apache-2.0, copied unchanged from ../shared/schemas,
 * where their sources are listed), kept here so that a clone of this repository alone can run the
 * checks. schemas.test.ts fails when they drift from ../shared/schemas, where that is present.
 */
export const SCHEMAS = path.resolve(import.meta.dirname, 'schemas');
export const SHARED_SCHEMAS = path.resolve(import.meta.dirname, '../../../shared/schemas');

export const readYaml = (file: string): any => parse(readFileSync(file, 'utf8'));

/**
 * A structural schema keeps only the fields it names: the API server drops (or, with strict field
 * validation, rejects) anything else. So an object that names its properties is closed here, unless
 * it says otherwise; a misspelt field fails the test instead of vanishing in the cluster.
 */
function closeObjects(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema))
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closeObjects(v)]))
        : closeObjects(value);
  if (
    out.type === 'object' &&
    out.properties &&
    !('additionalProperties' in out) &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  )
    out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
const validators = new Map<string, ValidateFunction>();

/** The validator for `kind` at `apiVersion` from the CRD file that defines it. */
export function crdValidator(crdFile: string, apiVersion: string): ValidateFunction {
  const key = `${crdFile} ${apiVersion}`;
  const known = validators.get(key);
  if (known) return known;
  const crd = readYaml(path.join(SCHEMAS, crdFile));
  const [group, version] = apiVersion.split('/');
  if (crd.spec.group !== group)
    throw new Error(`${crdFile} defines ${crd.spec.group}, not ${group}`);
  const served = crd.spec.versions.find((v: any) => v.name === version && v.served);
  if (!served) throw new Error(`${crdFile} serves no ${apiVersion}`);
  const root = closeObjects(served.schema.openAPIV3Schema);
  // Every object has these at its root, whether its CRD names them or not.
  root.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    ...root.properties,
  };
  const validate = ajv.compile(root);
  validators.set(key, validate);
  return validate;
}

export const CRDS: Record<string, string> = {
  'serving.knative.dev/v1 Service': 'knative/serving-service.crd.yaml',
  'sources.knative.dev/v1 KafkaSource': 'knative/kafka-source.crd.yaml',
  'sources.knative.dev/v1 PingSource': 'knative/eventing-pingsource.crd.yaml',
  'dapr.io/v1alpha1 Component': 'dapr/components.crd.yaml',
  'dapr.io/v1alpha1 Resiliency': 'dapr/resiliency.crd.yaml',
};

/** Errors of a manifest against the CRD of its kind and version ([] when valid). */
export function crdErrors(manifest: any): string[] {
  const crd = CRDS[`${manifest.apiVersion} ${manifest.kind}`];
  if (!crd) return [`no CRD schema for ${manifest.apiVersion} ${manifest.kind}`];
  const validate = crdValidator(crd, manifest.apiVersion);
  return validate(manifest)
    ? []
    : (validate.errors ?? []).map(
        (e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
      );
}
