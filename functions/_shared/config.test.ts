import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

it('applies documented defaults to an empty environment', () => {
  expect(loadConfig({})).toMatchObject({
    PORT: 8080,
    RIPPLE_DATA_DIR: './.data',
    LOG_LEVEL: 'info',
    CORS_ORIGINS: [],
    BODY_LIMIT_BYTES: 65536,
    RIPPLE_MIGRATE: true,
  });
  expect(loadConfig({}).DATABASE_URL).toBeUndefined();
});

it('treats empty variables as unset and parses lists and numbers', () => {
  const config = loadConfig({
    PORT: '9000',
    DATABASE_URL: '',
    CORS_ORIGINS: 'https://a.example, https://b.example',
    RIPPLE_MIGRATE: 'false',
  });
  expect(config).toMatchObject({
    PORT: 9000,
    CORS_ORIGINS: ['https://a.example', 'https://b.example'],
    RIPPLE_MIGRATE: false,
  });
  expect(config.DATABASE_URL).toBeUndefined();
});

it('fails fast, naming every invalid variable', () => {
  const attempt = () =>
    loadConfig({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      JWT_SECRET: 'short',
      LOG_LEVEL: 'loud',
      CORS_ORIGINS: 'not a url',
    });
  expect(attempt).toThrow(ConfigError);
  try {
    attempt();
  } catch (err) {
    for (const name of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'CORS_ORIGINS'])
      expect((err as Error).message).toContain(name);
  }
});

it('reads whole numbers within their bounds, and names each one that is not', () => {
  expect(loadConfig({ DB_POOL_MAX: '25', TRUST_PROXY_HOPS: '0' })).toMatchObject({
    DB_POOL_MAX: 25,
    TRUST_PROXY_HOPS: 0,
    JWT_TTL_SECONDS: 900,
  });
  for (const bad of ['0', '201', '2.5', 'ten']) {
    expect(() => loadConfig({ DB_POOL_MAX: bad })).toThrow(
      /DB_POOL_MAX: must be a whole number from 1 to 200/,
    );
  }
});
