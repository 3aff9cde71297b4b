import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '../api/types';
import { layoutGraph, nodeHeight, nodeWidth, shortLabel } from './layout';

const task = (name: string) => ({ name, action: 'core.noop', start: false, join: null, with_items: null, concurrency: null, retry: null, delay: null, engine_command: false });

describe('layoutGraph', () => {
  it('places every task without overlap, top to bottom along the transitions', () => {
    const graph: WorkflowGraph = {
      action: 'p.w', runner_type: 'orquesta', input: [], output: [],
      tasks: ['a', 'b', 'c', 'd'].map(task),
      transitions: [
        { from: 'a', to: 'b', when: '<% succeeded() %>', publish: [], index: 0 },
        { from: 'a', to: 'c', when: '<% succeeded() %>', publish: [], index: 0 },
        { from: 'b', to: 'd', when: null, publish: [], index: 0 },
        { from: 'c', to: 'd', when: null, publish: [], index: 0 },
      ],
    };
    const layout = layoutGraph(graph);
    const at = Object.fromEntries(layout.nodes.map((n) => [n.task.name, n]));
    expect(at['a']!.y).toBeLessThan(at['b']!.y);
    expect(at['b']!.y).toBeLessThan(at['d']!.y);
    expect(Math.abs(at['b']!.x - at['c']!.x)).toBeGreaterThanOrEqual(nodeWidth);
    for (const node of layout.nodes) {
      expect(node.x + nodeWidth).toBeLessThanOrEqual(layout.width + 1);
      expect(node.y + nodeHeight).toBeLessThanOrEqual(layout.height + 1);
    }
    expect(layout.edges.map((e) => e.label)).toEqual(['succeeded()', 'succeeded()', null, null]);
    expect(layout.edges.every((e) => e.path.startsWith('M'))).toBe(true);
  });

  it('keeps two transitions between the same tasks apart (a multigraph)', () => {
    const graph: WorkflowGraph = {
      action: 'p.w', runner_type: 'orquesta', input: [], output: [], tasks: ['a', 'b'].map(task),
      transitions: [
        { from: 'a', to: 'b', when: '<% succeeded() %>', publish: [], index: 0 },
        { from: 'a', to: 'b', when: '<% failed() %>', publish: [], index: 1 },
      ],
    };
    expect(layoutGraph(graph).edges).toHaveLength(2);
  });
});

describe('shortLabel', () => {
  it('drops the expression delimiters and clips long conditions', () => {
    expect(shortLabel('<% succeeded() %>')).toBe('succeeded()');
    expect(shortLabel('{{ x }}')).toBe('x');
    expect(shortLabel(`<% ${'a'.repeat(50)} %>`)).toBe(`${'a'.repeat(31)}…`);
    expect(shortLabel(null)).toBeNull();
  });
});
