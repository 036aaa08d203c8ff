// knative/monitoring/, for a cluster that runs the Prometheus Operator (and Grafana's dashboard
// sidecar): the PrometheusRule made from monitoring/rules.yml, a PodMonitor for the functions and
// their Dapr sidecars, and the dashboard as a ConfigMap. Apart from the base, since its kinds exist
// only where the operator is installed: `kubectl apply -k knative/monitoring`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

type Manifest = Record<string, unknown>;
const MONITORING = path.resolve(import.meta.dirname, '../monitoring');
const labels = {
  'app.kubernetes.io/part-of': 'ripple',
  'app.kubernetes.io/component': 'monitoring',
};

/** The plain rule file, as Prometheus reads it. */
export const ruleFile = (): { groups: Manifest[] } =>
  parse(readFileSync(path.join(MONITORING, 'rules.yml'), 'utf8'));
export const dashboard = (): string =>
  readFileSync(path.join(MONITORING, 'dashboard.json'), 'utf8');

/** Every file of knative/monitoring/, by name. */
export function monitoringManifests(namespace: string): Map<string, Manifest> {
  const files = new Map<string, Manifest>();
  files.set('ripple.prometheusrule.yaml', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'ripple', namespace, labels },
    spec: { groups: ruleFile().groups },
  });
  files.set('ripple.podmonitor.yaml', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: 'ripple', namespace, labels },
    spec: {
      // Every function's pods (Knative names the function container's port `user-port`) and the Dapr
      // sidecar beside each. A function at zero replicas has no target: the rules allow for that.
      selector: { matchLabels: { 'app.kubernetes.io/part-of': 'ripple' } },
      podMetricsEndpoints: [
        {
          port: 'user-port',
          path: '/metrics',
          interval: '30s',
          relabelings: [
            {
              sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'],
              targetLabel: 'service',
            },
          ],
        },
        {
          port: 'dapr-metrics',
          path: '/',
          interval: '30s',
          relabelings: [
            {
              sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'],
              targetLabel: 'service',
            },
          ],
        },
      ],
    },
  });
  files.set('ripple-dashboard.configmap.yaml', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    // Grafana's sidecar loads every ConfigMap with this label as a dashboard.
    metadata: {
      name: 'ripple-dashboard',
      namespace,
      labels: { ...labels, grafana_dashboard: '1' },
    },
    data: { 'ripple.json': dashboard() },
  });
  files.set('kustomization.yaml', {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...files.keys()].sort(),
  });
  return files;
}
