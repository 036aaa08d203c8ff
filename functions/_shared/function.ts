import type { Hono } from 'hono';
import type { Deps } from './deps.js';
import type { AppEnv } from './http/env.js';

/**
 * A function as the registry knows it. An HTTP function's routes are the routes its app declares,
 * read from the built app, so a path is written once: in the function's own file.
 */
export interface HttpFunction {
  name: string;
  kind: 'http';
  build(deps: Deps): Hono<AppEnv>;
}

export type RippleFunction = HttpFunction;

export interface Route {
  method: string;
  path: string;
}

/** The method + path pairs an app answers (its middleware-only entries left out). */
export function routesOf(app: Hono<AppEnv>): Route[] {
  const seen = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}
