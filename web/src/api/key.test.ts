import { describe, expect, it } from 'vitest';
import { currentKey, takeKeyFromUrl } from './key';

function fakeWindow(hash: string) {
  const calls: string[] = [];
  const location = { hash, pathname: '/', search: '' } as Location;
  const history = { replaceState: (_s: unknown, _t: string, url: string) => calls.push(url) } as unknown as History;
  return { location, history, calls };
}

describe('takeKeyFromUrl', () => {
  it('takes #key=… and rewrites the address without it', () => {
    const w = fakeWindow('#key=abc123');
    takeKeyFromUrl(w.location, w.history);
    expect(currentKey()).toBe('abc123');
    expect(w.calls).toEqual(['/#/']);
  });

  it('takes the key after a route and keeps the route and the other parameters', () => {
    const w = fakeWindow('#/executions?status=failed&key=k2');
    takeKeyFromUrl(w.location, w.history);
    expect(currentKey()).toBe('k2');
    expect(w.calls).toEqual(['/#/executions?status=failed']);
  });

  it('leaves an address without a key alone', () => {
    const w = fakeWindow('#/rules');
    takeKeyFromUrl(w.location, w.history);
    expect(w.calls).toEqual([]);
  });
});
