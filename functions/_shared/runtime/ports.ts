import { createServer, type AddressInfo, type Server } from 'node:net';

/**
 * `count` distinct ports, free now. Every probe stays bound until all are chosen: a port let go at once
 * can be the next one handed out, and two functions given one port leave one unable to start while the
 * other answers in its place (seen: a consumer's events answered 404 by another function, forever).
 */
export async function freePorts(count: number): Promise<number[]> {
  const probes = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const probe = createServer().once('error', reject);
          probe.listen(0, '127.0.0.1', () => resolve(probe));
        }),
    ),
  );
  const ports = probes.map((probe) => (probe.address() as AddressInfo).port);
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}
