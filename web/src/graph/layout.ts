import dagre from '@dagrejs/dagre';
import type { GraphTask, GraphTransition, WorkflowGraph } from '../api/types';

export const nodeWidth = 188;
export const nodeHeight = 54;
const maxLabel = 32;
const charWidth = 6.6;

export interface PlacedNode {
  task: GraphTask;
  x: number;
  y: number;
}

export interface PlacedEdge {
  transition: GraphTransition;
  path: string;
  label: string | null;
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export function shortLabel(text: string | null): string | null {
  if (text === null) {
    return null;
  }
  const bare = text.replace(/^\s*<%\s*|\s*%>\s*$/g, '').replace(/^\s*\{\{\s*|\s*\}\}\s*$/g, '').trim();
  return bare.length > maxLabel ? `${bare.slice(0, maxLabel - 1)}…` : bare;
}

/** Lays the workflow out top to bottom with dagre (tasks as nodes, transitions as edges labelled with their `when`). */
export function layoutGraph(graph: WorkflowGraph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 56, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const task of graph.tasks) {
    g.setNode(task.name, { width: nodeWidth, height: nodeHeight });
  }
  graph.transitions.forEach((transition, index) => {
    const label = shortLabel(transition.when);
    g.setEdge(
      transition.from,
      transition.to,
      label === null ? { width: 0, height: 0 } : { width: label.length * charWidth + 8, height: 16, labelpos: 'c' },
      `e${index}`,
    );
  });
  dagre.layout(g);

  const nodes = graph.tasks.map((task) => {
    const placed = g.node(task.name) as { x: number; y: number };
    return { task, x: placed.x - nodeWidth / 2, y: placed.y - nodeHeight / 2 };
  });
  const edges = graph.transitions.map((transition, index) => {
    const placed = g.edge({ v: transition.from, w: transition.to, name: `e${index}` }) as { points: { x: number; y: number }[]; x?: number; y?: number };
    const points = placed.points;
    return {
      transition,
      path: smoothPath(points),
      label: shortLabel(transition.when),
      labelX: placed.x ?? points[Math.floor(points.length / 2)]!.x,
      labelY: placed.y ?? points[Math.floor(points.length / 2)]!.y,
    };
  });
  const size = g.graph() as { width?: number; height?: number };
  return { width: size.width ?? nodeWidth, height: size.height ?? nodeHeight, nodes, edges };
}

/** A path through dagre's points, rounded at the bends with quadratic curves. */
function smoothPath(points: { x: number; y: number }[]): string {
  if (points.length === 0) {
    return '';
  }
  const f = (n: number) => n.toFixed(1);
  let d = `M${f(points[0]!.x)},${f(points[0]!.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const next = points[i + 1]!;
    d += ` Q${f(p.x)},${f(p.y)} ${f((p.x + next.x) / 2)},${f((p.y + next.y) / 2)}`;
  }
  const last = points[points.length - 1]!;
  d += ` L${f(last.x)},${f(last.y)}`;
  return d;
}
