import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const KNATIVE = path.resolve(import.meta.dirname, '../../knative');

/** The overlays under knative/overlays/. */
export const overlayNames = (): string[] => readdirSync(path.join(KNATIVE, 'overlays')).sort();

/** Every resource an overlay deploys, as `kubectl kustomize` renders it (offline, as `kubectl apply -k` would). */
export function renderOverlay(name: string): any[] {
  const text = execFileSync('kubectl', ['kustomize', path.join(KNATIVE, 'overlays', name)], {
    encoding: 'utf8',
  });
  return parseAllDocuments(text).map((d) => d.toJS());
}
