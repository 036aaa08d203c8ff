import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../functions/_shared/db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real PostgreSQL server for this test run; each test file creates its own database in it. */
    postgresUrl: string;
  }
}

/** One real PostgreSQL for the whole run (DATABASE_URL when given, else an embedded one in a temp dir). */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'ripple-test-pg-'));
  const pg = await startEmbeddedPostgres(dir);
  project.provide('postgresUrl', pg.url);
  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
