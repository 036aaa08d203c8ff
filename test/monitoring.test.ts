import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { dashboard, monitoringManifests, ruleFile } from '../scripts/monitoring-manifests.js';

// The alerting rules and the dashboard, checked by Prometheus's own promtool (installed by
// scripts/test-deps.ts from Debian's prometheus package).
const run = promisify(execFile);
const MONITORING = path.resolve(import.meta.dirname, '../monitoring');
let scratch = '';
beforeAll(async () => void (scratch = await mkdtemp(path.join(tmpdir(), 'ripple-rules-'))));
afterAll(async () => rm(scratch, { recursive: true, force: true }));

const promtool = (...args: string[]) =>
  run('promtool', args, { cwd: MONITORING }).then(
    ({ stdout }) => ({ ok: true, out: stdout }),
    (err: { stdout?: string; stderr?: string }) => ({
      ok: false,
      out: `${err.stdout ?? ''}${err.stderr ?? ''}`,
    }),
  );
const alerts = () =>
  ruleFile().groups.flatMap((g) =>
    (g.rules as { alert?: string; expr: string }[]).filter((r) => r.alert),
  );

interface RuleTest {
  input_series: unknown[];
  alert_rule_test: { alertname: string; exp_alerts?: unknown[] }[];
}

describe('monitoring/rules.yml', () => {
  it('passes promtool check rules, as the plain file and as the generated PrometheusRule', async () => {
    expect(await promtool('check', 'rules', 'rules.yml')).toMatchObject({ ok: true });
    const rule = monitoringManifests('ripple').get('ripple.prometheusrule.yaml') as {
      spec: { groups: unknown };
    };
    const file = path.join(scratch, 'from-prometheusrule.yml');
    await writeFile(file, stringify({ groups: rule.spec.groups }));
    expect(await promtool('check', 'rules', file)).toMatchObject({ ok: true });
  });

  it('passes promtool test rules, with a case that fires each alert and one that does not', async () => {
    const result = await promtool('test', 'rules', 'rules.test.yml');
    expect(result.out).toContain('SUCCESS');
    expect(result.ok).toBe(true);
    const tests = (
      parse(await readFile(path.join(MONITORING, 'rules.test.yml'), 'utf8')) as {
        tests: RuleTest[];
      }
    ).tests.flatMap((t) => t.alert_rule_test);
    for (const { alert } of alerts()) {
      const cases = tests.filter((t) => t.alertname === alert);
      expect(
        cases.some((t) => (t.exp_alerts ?? []).length > 0),
        `${alert} fires in a test`,
      ).toBe(true);
      expect(
        cases.some((t) => (t.exp_alerts ?? []).length === 0),
        `${alert} stays quiet in a test`,
      ).toBe(true);
    }
  });

  it('fails those tests when a rule no longer catches its failure (so they test something)', async () => {
    const text = (await readFile(path.join(MONITORING, 'rules.yml'), 'utf8')).replace(
      'max(ripple_outbox_oldest_unpublished_age_seconds) > 120',
      'max(ripple_outbox_oldest_unpublished_age_seconds) > 1200',
    );
    await writeFile(path.join(scratch, 'rules.yml'), text);
    await writeFile(
      path.join(scratch, 'rules.test.yml'),
      await readFile(path.join(MONITORING, 'rules.test.yml'), 'utf8'),
    );
    const result = await run('promtool', ['test', 'rules', 'rules.test.yml'], {
      cwd: scratch,
    }).then(
      () => 'passed',
      (err: { stdout: string; stderr: string }) => err.stdout + err.stderr,
    );
    expect(result).toContain('alertname: RippleOutboxBacklog');
  });

  it('has a runbook entry in the README for every alert, where the alert points', async () => {
    const readme = await readFile(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    for (const rule of ruleFile()
      .groups.flatMap((g) => g.rules as { alert?: string; annotations?: { runbook?: string } }[])
      .filter((r) => r.alert)) {
      expect(readme, rule.alert).toMatch(new RegExp(`^#### ${rule.alert}$`, 'm'));
      expect(rule.annotations?.runbook).toBe(`README.md#${rule.alert!.toLowerCase()}`);
    }
  });
});

describe('monitoring/dashboard.json', () => {
  it('has queries Prometheus parses, each on a panel with a title', async () => {
    const panels = (
      JSON.parse(dashboard()) as {
        panels: { type: string; title: string; targets?: { expr: string }[] }[];
      }
    ).panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(12);
    // promtool parses PromQL only inside rule files: each query as a recording rule.
    const rules = panels.flatMap((p, i) =>
      (p.targets ?? []).map((t) => ({ record: `ripple:panel_${i}`, expr: t.expr })),
    );
    expect(rules).toHaveLength(panels.length);
    const file = path.join(scratch, 'panels.yml');
    await writeFile(file, stringify({ groups: [{ name: 'panels', rules }] }));
    expect(await promtool('check', 'rules', file)).toMatchObject({ ok: true });
    await writeFile(
      file,
      stringify({
        groups: [
          { name: 'panels', rules: [{ record: 'x', expr: 'sum by (function (rate(x[5m]))' }] },
        ],
      }),
    );
    expect(await promtool('check', 'rules', file)).toMatchObject({ ok: false });
  });

  it('renders knative/monitoring with kubectl kustomize: the rule, the PodMonitor and the dashboard', async () => {
    const { stdout } = await run('kubectl', [
      'kustomize',
      path.resolve(import.meta.dirname, '../knative/monitoring'),
    ]);
    const kinds = stdout
      .split(/^---$/m)
      .map((doc) => (parse(doc) as { kind: string }).kind)
      .sort();
    expect(kinds).toEqual(['ConfigMap', 'PodMonitor', 'PrometheusRule']);
  });
});
