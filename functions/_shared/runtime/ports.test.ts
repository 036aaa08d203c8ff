import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { freePorts } from './ports.js';

it('gives distinct ports, each free to listen on (ports let go one at a time repeat about once in four launches of 58)', async () => {
  const ports = await freePorts(300);
  expect(new Set(ports).size).toBe(300);
  const servers = await Promise.all(
    ports.map(
      (port) =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer().once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});
