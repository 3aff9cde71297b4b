import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './route';

describe('parseRoute', () => {
  it('reads segments and query from the fragment', () => {
    const route = parseRoute('#/executions/abc?status=failed');
    expect(route.segments).toEqual(['executions', 'abc']);
    expect(route.query.get('status')).toBe('failed');
  });

  it('decodes segments and survives bad escapes', () => {
    expect(parseRoute('#/rules/a%2Fb').segments).toEqual(['rules', 'a/b']);
    expect(parseRoute('#/rules/%E0%A4%A').segments).toEqual(['rules', '%E0%A4%A']);
    expect(parseRoute('').segments).toEqual([]);
  });

  it('round-trips through href', () => {
    expect(parseRoute(href('actions', 'core.local')).segments).toEqual(['actions', 'core.local']);
  });
});
