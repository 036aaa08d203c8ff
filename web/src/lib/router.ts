import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/tags`, `#/?q=milk&sort=due_at`): a bucket serves index.html for one path only, so
 * the view lives after the `#`, and every filter and sort is in it. Reload, back/forward and a shared
 * link all restore the same view.
 */
export interface Route {
  path: string;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const at = raw.indexOf('?');
  const path = at === -1 ? raw : raw.slice(0, at);
  return { path: path || '/', params: new URLSearchParams(at === -1 ? '' : raw.slice(at + 1)) };
}

export function hrefOf(path: string, params?: URLSearchParams | Record<string, string>): string {
  const search = new URLSearchParams(params).toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Goes to a view; `replace` swaps the current history entry instead of adding one. */
export function navigate(
  path: string,
  params?: URLSearchParams | Record<string, string>,
  options: { replace?: boolean } = {},
): void {
  const href = hrefOf(path, params);
  if (href === (location.hash || '#/')) return;
  if (options.replace) {
    history.replaceState(history.state, '', href);
    dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = href;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
