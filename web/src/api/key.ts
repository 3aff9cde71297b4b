// Where the console keeps the API key. The key reaches the page in the URL fragment (`/#key=…`, like a notebook
// server's token link): a fragment is never sent to the server, so it stays out of server and proxy logs, and it is
// removed from the address bar and the history at once. It is then kept in this browser's localStorage for this origin
// (the API's own origin) until "Forget key" removes it.

const storageKey = 'sflow.apiKey';

/** Reads `#key=…` (or `…&key=…` after a route) from the fragment, stores it and rewrites the URL without it. */
export function takeKeyFromUrl(location: Location, history: History): void {
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
  const query = hash.startsWith('/') ? (hash.split('?')[1] ?? '') : hash;
  const params = new URLSearchParams(query);
  const key = params.get('key');
  if (key === null) {
    return;
  }

  setKey(key);
  params.delete('key');
  const route = hash.startsWith('/') ? hash.split('?')[0]! : '/';
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}#${route}${rest ? `?${rest}` : ''}`);
}

export function getKey(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function setKey(key: string): void {
  try {
    if (key.length === 0) {
      localStorage.removeItem(storageKey);
    } else {
      localStorage.setItem(storageKey, key);
    }
  } catch {
    // Storage disabled: the key lives only as long as this page (see memoryKey).
  }
  memoryKey = key.length === 0 ? null : key;
}

export function forgetKey(): void {
  setKey('');
}

let memoryKey: string | null = null;

/** The key to send: the stored one, or the one given in this page when storage is disabled. */
export function currentKey(): string | null {
  return getKey() ?? memoryKey;
}
