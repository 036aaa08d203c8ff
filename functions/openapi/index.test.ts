import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();
const document = async () => (await client(env.t.app).get('/api/openapi.json')).body;

/** Every `$ref` in a document. */
const refsOf = (json: unknown): string[] =>
  Array.isArray(json)
    ? json.flatMap(refsOf)
    : json && typeof json === 'object'
      ? Object.entries(json).flatMap(([k, v]) => (k === '$ref' ? [String(v)] : refsOf(v)))
      : [];

describe('GET /api/openapi.json in standard OpenAPI tools', () => {
  it('validates with swagger-parser: every reference resolves, shared schemas are components, no $defs copies', async () => {
    const doc = await document();
    // swagger-parser validates the document against the OpenAPI 3.1 schema and resolves every $ref.
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
    expect(JSON.stringify(doc)).not.toContain('$defs');
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(ref).toMatch(/^#\/components\/schemas\/[A-Za-z]+$/);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Task',
        'Tag',
        'User',
        'Session',
        'Problem',
        'Recurrence',
        'ReopenedTask',
        'SuccessorOutcome',
      ]),
    );
    const ids = Object.values(
      doc.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it(
    'lints with Redocly CLI (its recommended rules) with no errors',
    { timeout: 60_000 },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ripple-openapi-'));
      try {
        const file = join(dir, 'openapi.json');
        await writeFile(file, JSON.stringify(await document()));
        const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
        // Offline: no telemetry, no update check. Exit status 1 when there are errors, so read the report.
        const run = await promisify(execFile)(
          process.execPath,
          [cli, 'lint', file, '--extends=recommended', '--format=json'],
          {
            env: {
              ...process.env,
              REDOCLY_TELEMETRY: 'off',
              REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
              NO_COLOR: '1',
            },
            maxBuffer: 16 * 1024 * 1024,
          },
        ).catch((error: { stdout: string }) => error);
        const report = JSON.parse(run.stdout) as {
          totals: { errors: number };
          problems: { ruleId: string; severity: string; message: string }[];
        };
        expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(report.totals.errors).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('states input and output apart where they differ, and what the API answers fits the output', async () => {
    const doc = await document();
    const { Recurrence, RecurrenceInput } = doc.components.schemas;
    // The client sends the structured form or an rrule (or both); the answer always carries both.
    expect(RecurrenceInput.required ?? []).toEqual([]);
    expect(Object.keys(RecurrenceInput.properties)).toEqual(
      expect.arrayContaining(['frequency', 'rrule']),
    );
    expect(Recurrence.required).toEqual(
      expect.arrayContaining(['frequency', 'interval', 'from', 'rrule']),
    );
    const create = doc.paths['/api/tasks'].post;
    expect(JSON.stringify(create.requestBody)).toContain('#/components/schemas/RecurrenceInput');
    expect(create.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Task',
    });
    expect(
      doc.paths['/api/tasks/{id}/reopen'].post.responses['200'].content['application/json'].schema,
    ).toEqual({ $ref: '#/components/schemas/ReopenedTask' });

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'https://ripple.example/openapi.json', components: doc.components });
    const fits = (name: string, value: unknown) => {
      const validate = ajv.compile({
        $ref: `https://ripple.example/openapi.json#/components/schemas/${name}`,
      });
      return validate(value) ? [] : validate.errors;
    };
    const user = await signedInClient(env.t.app);
    const task = await user.post('/api/tasks', {
      title: 'Fits',
      tags: ['a'],
      due_at: '2026-03-02T09:00:00Z',
      recurrence: { frequency: 'weekly', weekdays: ['fr', 'mo'] },
    });
    expect(fits('Task', task.body)).toEqual([]);
    expect(fits('TaskPage', (await user.get('/api/tasks')).body)).toEqual([]);
    expect(
      fits(
        'Session',
        (
          await client(env.t.app).post('/api/auth/signin', {
            email: user.email,
            password: 'correct horse battery',
          })
        ).body,
      ),
    ).toEqual([]);
    await user.post(`/api/tasks/${task.body.id}/complete`);
    expect(
      fits('ReopenedTask', (await user.post(`/api/tasks/${task.body.id}/reopen`)).body),
    ).toEqual([]);
    expect(fits('Problem', (await user.post('/api/tasks', { title: '' })).body)).toEqual([]);
  });
});
