import { describe, expect, it } from 'vitest';
import type { Execution, WorkflowGraph } from '../api/types';
import { taskStates } from './taskStates';

let n = 0;
const run = (task: string, status: string, second: number, orquesta = false): Execution => ({
  id: `e${n++}`,
  action: { ref: 'core.noop' },
  status,
  start_timestamp: `2026-01-01T00:00:${String(second).padStart(2, '0')}Z`,
  context: orquesta ? { orquesta: { task_name: task } } : { task },
});

const graph: WorkflowGraph = {
  action: 'p.w', runner_type: 'orquesta', input: [], output: [], transitions: [],
  tasks: [
    { name: 'items', action: 'core.echo', start: true, join: null, with_items: 'x in <% ctx().xs %>', concurrency: null, retry: null, delay: null, engine_command: false },
    { name: 'retried', action: 'core.echo', start: false, join: null, with_items: null, concurrency: null, retry: { when: null, count: 2, delay: null }, delay: null, engine_command: false },
  ],
};

describe('taskStates', () => {
  it('shows a task in progress while any of its runs is', () => {
    expect(taskStates(graph, [run('items', 'succeeded', 1), run('items', 'running', 2)]).get('items')!.status).toBe('running');
  });

  it('fails a with-items task when any item failed', () => {
    expect(taskStates(graph, [run('items', 'failed', 1), run('items', 'succeeded', 2)]).get('items')!.status).toBe('failed');
  });

  it('shows the latest attempt of a retried task', () => {
    const states = taskStates(graph, [run('retried', 'succeeded', 5), run('retried', 'failed', 1)]);
    expect(states.get('retried')!.status).toBe('succeeded');
    expect(states.get('retried')!.runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
  });

  it('reads the task name from st2\'s context.orquesta too, and ignores executions of no task', () => {
    const states = taskStates(null, [run('a', 'succeeded', 1, true), { ...run('x', 'running', 1), context: {} }]);
    expect([...states.keys()]).toEqual(['a']);
  });
});
