import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt } from 'http_ece';

/** A browser's side of a subscription: its ECDH P-256 key pair and auth secret, made here as a browser makes them. */
export interface TestBrowser {
  ecdh: ECDH;
  auth: Buffer;
  keys: { p256dh: string; auth: string };
}

export function testBrowser(): TestBrowser {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
  };
}

export interface Push {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An answer the push service gives to the next push. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

/** A push service (RFC 8030) on a loopback port: records each push and answers as told (201 by default). */
export async function startPushService() {
  const pushes: Push[] = [];
  const answers: Answer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      pushes.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const answer = answers.shift() ?? { status: 201 };
      res.writeHead(answer.status, answer.headers ?? {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pushes,
    answer: (...next: Answer[]) => void answers.push(...next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The payload as the browser reads it: decrypted with its key and auth secret (aes128gcm, RFC 8291). */
export const decryptPush = (push: Push, browser: TestBrowser): unknown =>
  JSON.parse(
    decrypt(push.body, {
      version: 'aes128gcm',
      privateKey: browser.ecdh,
      authSecret: browser.auth,
    }).toString('utf8'),
  );

/**
 * Checks a push's VAPID authorization (RFC 8292) as a push service does: `vapid t=<JWT>, k=<key>`,
 * the JWT signed ES256 by that key. Answers the key and the JWT's claims; throws when the signature fails.
 */
export function verifyVapid(push: Push): {
  k: string;
  claims: { aud: string; exp: number; sub: string };
  header: { typ: string; alg: string };
} {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(
    String(push.headers.authorization ?? ''),
  );
  if (!match) throw new Error(`not a VAPID authorization: ${push.headers.authorization}`);
  const [, jwt, k] = match as unknown as [string, string, string];
  const [header, claims, signature] = jwt.split('.') as [string, string, string];
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) throw new Error('the VAPID JWT signature does not verify against k');
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { k, claims: json(claims), header: json(header) };
}
