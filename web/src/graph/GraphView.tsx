import { memo } from 'preact/compat';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { GraphTask, WorkflowGraph } from '../api/types';
import { statusClass } from '../ui/StatusBadge';
import { nodeHeight, nodeWidth, type GraphLayout } from './layout';
import type { TaskState } from './taskStates';
import { useLayout } from './useLayout';

interface View {
  x: number;
  y: number;
  scale: number;
}

const minScale = 0.05;
const maxScale = 2.5;

/**
 * The workflow as a graph: tasks as nodes coloured (and labelled) by their live status, transitions as edges labelled
 * with their condition, joins and with-items marked on the node. Drag or arrow keys pan, the wheel or +/- zoom, 0 fits;
 * Tab reaches each task and Enter opens it.
 *
 * Panning and zooming move one CSS transform (no re-render, composited while the gesture lasts); a node re-renders only
 * when its own status or selection changes; large workflows are laid out in a worker. So a 1,000-task graph stays
 * interactive (bench: console-measure).
 */
export function GraphView({ graph, states, selected, onSelect }: { graph: WorkflowGraph; states: Map<string, TaskState>; selected: string | null; onSelect: (task: string) => void }) {
  const { layout, error } = useLayout(graph);
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLDivElement>(null);
  const view = useRef<View>({ x: 0, y: 0, scale: 1 });
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const drag = useRef<{ x: number; y: number; viewX: number; viewY: number } | null>(null);

  const apply = useCallback((next: View) => {
    view.current = next;
    const element = canvas.current;
    if (!element) {
      return;
    }
    // Composited while moving; re-rastered sharp once the gesture settles.
    element.style.willChange = 'transform';
    element.style.transform = `translate(${next.x.toFixed(1)}px, ${next.y.toFixed(1)}px) scale(${next.scale.toFixed(4)})`;
    if (settle.current !== null) {
      clearTimeout(settle.current);
    }
    settle.current = setTimeout(() => {
      element.style.willChange = 'auto';
    }, 250);
  }, []);

  const fit = useCallback(() => {
    const box = frame.current?.getBoundingClientRect();
    if (!box || box.width === 0 || !layout) {
      return;
    }
    const fitted = Math.min(box.width / layout.width, box.height / layout.height, 1);
    // A huge workflow fitted whole is unreadable: it starts at a readable size, at its top (where the start tasks are).
    const scale = fitted >= 0.5 ? fitted : 0.6;
    apply({
      scale,
      x: Math.max(8, (box.width - layout.width * scale) / 2),
      y: fitted >= 0.5 ? (box.height - layout.height * scale) / 2 : 8,
    });
  }, [layout, apply]);
  useLayoutEffect(fit, [fit]);

  const zoomAt = (factor: number, cx: number, cy: number) => {
    const v = view.current;
    const scale = Math.min(maxScale, Math.max(minScale, v.scale * factor));
    const k = scale / v.scale;
    apply({ scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k });
  };
  const zoomCentre = (factor: number) => {
    const box = frame.current!.getBoundingClientRect();
    zoomAt(factor, box.width / 2, box.height / 2);
  };
  const pan = (dx: number, dy: number) => apply({ ...view.current, x: view.current.x + dx, y: view.current.y + dy });

  useEffect(() => {
    const element = frame.current;
    if (!element) {
      return;
    }
    // Not passive: the wheel zooms the graph instead of scrolling the page.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      zoomAt(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - box.left, event.clientY - box.top);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  });

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.target as Element).closest('.node') && (event.key === 'Enter' || event.key === ' ')) {
      return;
    }
    const step = 60;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => pan(step, 0),
      ArrowRight: () => pan(-step, 0),
      ArrowUp: () => pan(0, step),
      ArrowDown: () => pan(0, -step),
      '+': () => zoomCentre(1.25),
      '=': () => zoomCentre(1.25),
      '-': () => zoomCentre(0.8),
      '0': fit,
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  // A task reached with Tab is brought into view (the frame itself never scrolls).
  const reveal = useCallback((x: number, y: number) => {
    const box = frame.current?.getBoundingClientRect();
    if (!box) {
      return;
    }
    const v = view.current;
    const left = v.x + x * v.scale;
    const top = v.y + y * v.scale;
    if (left < 0 || top < 0 || left + nodeWidth * v.scale > box.width || top + nodeHeight * v.scale > box.height) {
      apply({ ...v, x: box.width / 2 - (x + nodeWidth / 2) * v.scale, y: box.height / 2 - (y + nodeHeight / 2) * v.scale });
    }
    frame.current!.scrollTop = 0;
    frame.current!.scrollLeft = 0;
  }, [apply]);

  return (
    <div class="graph">
      <div class="graph-tools" role="toolbar" aria-label="Graph view">
        <button type="button" onClick={() => zoomCentre(1.25)} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => zoomCentre(0.8)} aria-label="Zoom out">−</button>
        <button type="button" onClick={fit}>Fit</button>
        <span class="muted small">{graph.tasks.length} tasks · drag or arrow keys to move · wheel or +/− to zoom</span>
        <Legend />
      </div>
      <div
        class="graph-frame"
        ref={frame}
        tabIndex={0}
        role="group"
        aria-label={`Workflow graph of ${graph.action}: ${graph.tasks.length} tasks, ${graph.transitions.length} transitions`}
        aria-busy={layout === null}
        onKeyDown={onKeyDown}
        onPointerDown={(event) => {
          if ((event.target as Element).closest('.node')) {
            return;
          }
          drag.current = { x: event.clientX, y: event.clientY, viewX: view.current.x, viewY: view.current.y };
          (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
        }}
        onPointerMove={(event) => {
          const d = drag.current;
          if (d) {
            apply({ ...view.current, x: d.viewX + event.clientX - d.x, y: d.viewY + event.clientY - d.y });
          }
        }}
        onPointerUp={() => (drag.current = null)}
        data-testid="workflow-graph"
      >
        {layout === null ? (
          <p class="graph-wait">{error ?? `Laying out ${graph.tasks.length.toLocaleString('en')} tasks…`}</p>
        ) : (
          <div class="graph-canvas" ref={canvas}>
            <svg width={layout.width} height={layout.height} class="graph-svg">
              <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                  <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
                </marker>
              </defs>
              <Edges layout={layout} />
              {layout.nodes.map(({ task, x, y }) => {
                const state = states.get(task.name);
                return (
                  <Node
                    key={task.name}
                    task={task}
                    x={x}
                    y={y}
                    status={state?.status ?? 'not-run'}
                    runs={state?.runs.length ?? 0}
                    selected={selected === task.name}
                    onSelect={onSelect}
                    onReveal={reveal}
                  />
                );
              })}
            </svg>
          </div>
        )}
      </div>
    </div>
  );
}

const Node = memo(function Node({ task, x, y, status, runs, selected, onSelect, onReveal }: {
  task: GraphTask;
  x: number;
  y: number;
  status: string;
  runs: number;
  selected: boolean;
  onSelect: (task: string) => void;
  onReveal: (x: number, y: number) => void;
}) {
  const tone = status === 'not-run' ? 'not-run' : statusClass(status);
  const marks = [
    task.join !== null ? `join ${task.join}` : null,
    task.with_items !== null ? `with items${runs > 0 ? ` ×${runs}` : ''}` : null,
    task.retry !== null ? 'retry' : null,
    !task.with_items && runs > 1 ? `${runs} runs` : null,
  ].filter((m): m is string => m !== null);
  const detail = task.engine_command ? 'engine command' : (task.action ?? '');
  // The accessible name starts with the node's visible text, in order (WCAG label in name), then says more.
  const label = [task.name, detail, status === 'not-run' ? '' : status, marks.join(' · ')].filter((t) => t.length > 0).join(' ')
    + (status === 'not-run' ? ', not run' : '') + ', workflow task';
  return (
    <g
      class={`node node-${tone}${task.engine_command ? ' node-command' : ''}${selected ? ' node-selected' : ''}${task.join !== null ? ' node-join' : ''}`}
      transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}
      tabindex={0}
      role="button"
      aria-label={label}
      aria-pressed={selected}
      data-task={task.name}
      data-status={status}
      onClick={() => onSelect(task.name)}
      onFocus={() => onReveal(x, y)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(task.name);
        }
      }}
    >
      <title>{label}</title>
      <rect width={nodeWidth} height={nodeHeight} rx={task.engine_command ? 27 : 6} class="node-box" />
      <rect width={6} height={nodeHeight} rx={3} class="node-stripe" />
      {/* The spaces between the texts are not drawn (SVG draws only text inside <text>), but they keep the words apart in the
          node's text content, which is what "label in name" compares the accessible name with. */}
      <text x={14} y={20} class="node-name">{clip(task.name, 24)}</text>{' '}
      <text x={14} y={38} class="node-detail">{clip(detail, 26)}</text>{' '}
      <text x={nodeWidth - 8} y={20} class="node-status" text-anchor="end">{status === 'not-run' ? '' : status}</text>{' '}
      {marks.length > 0 && <text x={nodeWidth - 8} y={48} class="node-marks" text-anchor="end">{clip(marks.join(' · '), 30)}</text>}
    </g>
  );
});

const Edges = memo(function Edges({ layout }: { layout: GraphLayout }) {
  return (
    <g class="edges">
      {layout.edges.map((edge, index) => (
        <g key={index} class="edge" data-from={edge.transition.from} data-to={edge.transition.to}>
          {edge.transition.when !== null && <title>{`${edge.transition.from} → ${edge.transition.to} when ${edge.transition.when}`}</title>}
          <path d={edge.path} marker-end="url(#arrow)" />
          {edge.label !== null && (
            <text x={edge.labelX} y={edge.labelY + 4} text-anchor="middle" class="edge-label">{edge.label}</text>
          )}
        </g>
      ))}
    </g>
  );
});

function Legend() {
  const entries = [
    ['ok', 'succeeded'],
    ['live', 'running'],
    ['wait', 'paused / pending'],
    ['bad', 'failed'],
    ['off', 'canceled'],
    ['queued', 'requested'],
    ['not-run', 'not run'],
  ];
  return (
    <ul class="legend" aria-label="Colours">
      {entries.map(([cls, text]) => (
        <li key={cls}><span class={`swatch node-${cls}`} aria-hidden="true" />{text}</li>
      ))}
    </ul>
  );
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
