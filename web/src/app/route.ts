import { signal } from '@preact/signals';

// Hash routes (`#/executions/<id>`), as st2web has them: the page works from any base path (`/` in sflow serve,
// `/api/console/` in the Functions app) and no server needs to know the console's routes.

export interface Route {
  /** Path segments after `#/`, decoded. */
  segments: string[];
  /** Query parameters after `?` in the fragment. */
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = text.split('?', 2);
  const segments = path.split('/').filter((s) => s.length > 0).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { segments, query: new URLSearchParams(query) };
}

export const route = signal<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

export function startRouting(): void {
  addEventListener('hashchange', () => {
    route.value = parseRoute(location.hash);
  });
}

/** The href of a route: `href('executions', id)` → `#/executions/<id>`. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

export function hrefWithQuery(segments: string[], query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value) {
      params.set(name, value);
    }
  }
  const text = params.toString();
  return `${href(...segments)}${text ? `?${text}` : ''}`;
}

/** Replaces the query of the current route without adding a history entry. */
export function replaceQuery(query: Record<string, string | undefined>): void {
  const target = hrefWithQuery(route.value.segments, query);
  history.replaceState(null, '', target);
  route.value = parseRoute(target);
}

export function navigate(target: string): void {
  location.hash = target.replace(/^#/, '');
}
