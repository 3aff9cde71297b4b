import { describe, expect, it } from 'vitest';
import type { Execution } from '../api/types';
import { ExecutionRows } from './executionRows';

const execution = (id: string, start: string, extra: Partial<Execution> = {}): Execution => ({
  id,
  action: { ref: 'core.echo', runner_type: 'local-shell-cmd' },
  status: 'running',
  start_timestamp: start,
  context: { trace_tag: 't' },
  ...extra,
});

describe('ExecutionRows', () => {
  it('keeps pages in order and leaves task executions out', () => {
    const rows = new ExecutionRows({});
    rows.append([execution('b', '2026-01-01T00:00:02Z'), execution('child', '2026-01-01T00:00:02Z', { context: { parent: 'b' } }), execution('a', '2026-01-01T00:00:01Z')]);
    expect(rows.rows.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('updates a known row in place and puts a new one at its place by start time', () => {
    const rows = new ExecutionRows({});
    rows.append([execution('c', '2026-01-01T00:00:03Z'), execution('a', '2026-01-01T00:00:01Z')]);
    expect(rows.upsert(execution('a', '2026-01-01T00:00:01Z', { status: 'succeeded' }), false)).toBe(true);
    expect(rows.upsert(execution('b', '2026-01-01T00:00:02Z'), false)).toBe(true);
    expect(rows.upsert(execution('d', '2026-01-01T00:00:04Z'), false)).toBe(true);
    expect(rows.rows.map((r) => `${r.id}:${r.status}`)).toEqual(['d:running', 'c:running', 'b:running', 'a:succeeded']);
  });

  it('leaves an execution older than the loaded rows to paging, unless every page is loaded', () => {
    const rows = new ExecutionRows({});
    rows.append([execution('b', '2026-01-01T00:00:02Z')]);
    expect(rows.upsert(execution('old', '2026-01-01T00:00:01Z'), false)).toBe(false);
    expect(rows.upsert(execution('old', '2026-01-01T00:00:01Z'), true)).toBe(true);
    expect(rows.rows.map((r) => r.id)).toEqual(['b', 'old']);
  });

  it('adds only new executions that pass the filters', () => {
    const rows = new ExecutionRows({ status: 'failed', trace_tag: 't' });
    expect(rows.upsert(execution('x', '2026-01-01T00:00:02Z'), true)).toBe(false);
    expect(rows.upsert(execution('y', '2026-01-01T00:00:02Z', { status: 'failed' }), true)).toBe(true);
    expect(rows.upsert(execution('z', '2026-01-01T00:00:02Z', { status: 'failed', context: { trace_tag: 'other' } }), true)).toBe(false);
  });

  it('reads rule, trigger and trace tag from the st2 shape or from the context', () => {
    const rows = new ExecutionRows({});
    rows.append([
      execution('a', '2026-01-01T00:00:01Z', { rule: { ref: 'p.r' }, trigger: { type: 'core.st2.webhook' } }),
      execution('b', '2026-01-01T00:00:00Z', { context: { rule: 'p.s', trigger_type: 'core.st2.IntervalTimer', trace_tag: 'tag' } }),
    ]);
    expect(rows.rows.map((r) => [r.rule, r.triggerType])).toEqual([['p.r', 'core.st2.webhook'], ['p.s', 'core.st2.IntervalTimer']]);
  });
});

describe('merge', () => {
  it('never takes a finished row back to an unfinished status (a page read before the event arrives after it)', () => {
    const rows = new ExecutionRows({});
    rows.upsert(execution('a', '2026-01-01T00:00:01Z', { status: 'succeeded' }), true);
    rows.append([execution('a', '2026-01-01T00:00:01Z', { status: 'running' })]);
    expect(rows.rows[0]!.status).toBe('succeeded');
  });
});
