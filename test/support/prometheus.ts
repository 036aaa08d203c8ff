import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './process.js';

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * Debian's Prometheus (scripts/test-deps.ts installs it), scraping `targets` (service name → base URL)
 * every 2 s and evaluating `rules` (a rule file's content) every second, its data in `dir`.
 */
export async function startPrometheus(dir: string, targets: Map<string, string>, rules: unknown) {
  await writeFile(path.join(dir, 'rules.yml'), stringify(rules));
  await writeFile(
    path.join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '2s', scrape_timeout: '1900ms', evaluation_interval: '1s' },
      rule_files: [path.join(dir, 'rules.yml')],
      scrape_configs: [
        {
          job_name: 'ripple',
          static_configs: [...targets].map(([service, url]) => ({
            targets: [new URL(url).host],
            labels: { service },
          })),
        },
      ],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
  const child = spawn('prometheus', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  for (
    const deadline = Date.now() + 20_000;
    !(await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    ));
  ) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`Prometheus did not become ready:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    log: () => log,
    /** An instant query; throws what Prometheus answers when it refuses it. */
    async query(expr: string): Promise<Sample[]> {
      const body = (await (
        await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)
      ).json()) as { status: string; error?: string; data: { result: Sample[] } };
      if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
      return body.data.result;
    },
    /** The targets not up, each with its last scrape error. */
    async down(): Promise<string[]> {
      const body = (await (await fetch(`${url}/api/v1/targets`)).json()) as {
        data: {
          activeTargets: { labels: { service: string }; health: string; lastError: string }[];
        };
      };
      return body.data.activeTargets
        .filter((t) => t.health !== 'up')
        .map((t) => `${t.labels.service}: ${t.health} ${t.lastError}`);
    },
    /** `firing`, `pending` or `inactive`. */
    async alertState(name: string): Promise<string> {
      const body = (await (await fetch(`${url}/api/v1/alerts`)).json()) as {
        data: { alerts: { labels: { alertname: string }; state: string }[] };
      };
      return body.data.alerts.find((a) => a.labels.alertname === name)?.state ?? 'inactive';
    },
    stop: () =>
      new Promise<void>((resolve) =>
        child.exitCode !== null
          ? resolve()
          : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
      ),
  };
}
