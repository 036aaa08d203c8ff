import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import webpush from 'web-push';
import type { Config } from '../config.js';

const FILE = 'vapid-keys.json';

/**
 * The VAPID key pair of an embedded Ripple: the configured one, or one generated into the data dir on
 * first start and kept there (readable by its owner only), so browsers' subscriptions outlive restarts.
 */
export async function withVapidKeys(config: Config, dataDir: string): Promise<Config> {
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) return config;
  const file = path.join(dataDir, FILE);
  if (!existsSync(file)) {
    await mkdir(dataDir, { recursive: true });
    const keys = webpush.generateVAPIDKeys();
    await writeFile(
      file,
      `${JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey })}\n`,
      { mode: 0o600, flag: 'wx' },
    );
  }
  const keys = JSON.parse(await readFile(file, 'utf8')) as {
    publicKey: string;
    privateKey: string;
  };
  return { ...config, VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey };
}
