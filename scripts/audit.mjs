#!/usr/bin/env node
// npm run audit: the production dependencies against the npm advisory database. Fails on any high or
// critical advisory not explained in audit-exceptions.json ({ "<package>": "why it does not reach us" }).
// Where the advisory endpoint cannot be reached (a registry mirror that answers 405, no network), it
// says so and passes, unless AUDIT_REQUIRED=1 (GitHub CI sets it: there the endpoint is reachable).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const BLOCKING = new Set(['high', 'critical']);

/**
 * What an `npm audit --json` answer means: { ok, lines }. `exceptions` names packages whose advisories
 * are known and explained. Exported for its test.
 */
export function judge(report, exceptions, required) {
  if (!report || typeof report !== 'object' || !report.vulnerabilities) {
    const why = report?.message ?? report?.error?.summary ?? 'no audit report';
    return {
      ok: !required,
      lines: [
        `audit: the advisory database could not be asked (${why}); ${required ? 'failing: AUDIT_REQUIRED=1' : 'skipped'}`,
      ],
    };
  }
  const lines = [];
  let ok = true;
  for (const [name, v] of Object.entries(report.vulnerabilities)) {
    if (!BLOCKING.has(v.severity)) {
      lines.push(`audit: ${name}: ${v.severity} (below high: reported, not blocking)`);
      continue;
    }
    const titles = (v.via ?? [])
      .filter((x) => typeof x === 'object')
      .map((x) => `${x.title ?? ''} ${x.url ?? ''}`.trim());
    if (exceptions[name]) {
      lines.push(`audit: ${name}: ${v.severity}, explained: ${exceptions[name]}`);
    } else {
      ok = false;
      lines.push(
        `audit: ${name}: ${v.severity} ${v.range ?? ''} ${titles.join('; ')} (not explained in audit-exceptions.json)`
          .replace(/\s+/g, ' ')
          .trim(),
      );
    }
  }
  const counts = report.metadata?.vulnerabilities ?? {};
  lines.push(
    `audit: ${counts.total ?? 0} advisories (critical ${counts.critical ?? 0}, high ${counts.high ?? 0}, moderate ${counts.moderate ?? 0}, low ${counts.low ?? 0})${ok ? '' : ': failing'}`,
  );
  return { ok, lines };
}

function npmAudit() {
  return new Promise((resolve) => {
    // npm audit exits non-zero both when it finds advisories and when it cannot ask: read the JSON.
    execFile(
      'npm',
      ['audit', '--json', '--omit=dev'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (_err, stdout) => {
        try {
          resolve(JSON.parse(stdout));
        } catch {
          resolve(null);
        }
      },
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const exceptions = JSON.parse(
    readFileSync(path.join(root, 'audit-exceptions.json'), 'utf8'),
  ).explained;
  const { ok, lines } = judge(await npmAudit(), exceptions, process.env.AUDIT_REQUIRED === '1');
  for (const line of lines) console.log(line);
  process.exit(ok ? 0 : 1);
}
