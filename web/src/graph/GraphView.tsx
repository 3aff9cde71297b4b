import { memo } from 'preact/compat';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WorkflowGraph } from '../api/types';
import { statusClass } from '../ui/StatusBadge';
import { layoutGraph, nodeHeight, nodeWidth, type GraphLayout } from './layout';
import type { TaskState } from './taskStates';

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
 */
export function GraphView({ graph, states, selected, onSelect }: { graph: WorkflowGraph; states: Map<string, TaskState>; selected: string | null; onSelect: (task: string) => void }) {
  const layout = useMemo(() => {
    const started = performance.now();
    const laidOut = layoutGraph(graph);
    performance.measure?.('sflow-graph-layout', { start: started, end: performance.now() });
    return laidOut;
  }, [graph]);
  const frame = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, scale: 1 });
  const drag = useRef<{ x: number; y: number; viewX: number; viewY: number } | null>(null);

  const fit = () => {
    const box = frame.current?.getBoundingClientRect();
    if (!box || box.width === 0) {
      return;
    }
    const fitted = Math.min(box.width / layout.width, box.height / layout.height, 1);
    // A huge workflow fitted whole is unreadable: it starts at a readable size, at its top (where the start tasks are).
    const scale = fitted >= 0.5 ? fitted : 0.6;
    const x = Math.max(8, (box.width - layout.width * scale) / 2);
    const y = fitted >= 0.5 ? (box.height - layout.height * scale) / 2 : 8;
    setView({ x, y, scale });
  };
  useEffect(fit, [layout]);

  const zoomAt = (factor: number, cx: number, cy: number) => {
    setView((v) => {
      const scale = Math.min(maxScale, Math.max(minScale, v.scale * factor));
      const k = scale / v.scale;
      return { scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k };
    });
  };

  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const box = frame.current!.getBoundingClientRect();
    zoomAt(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - box.left, event.clientY - box.top);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.target as Element).closest('.node') && (event.key === 'Enter' || event.key === ' ')) {
      return;
    }
    const box = frame.current!.getBoundingClientRect();
    const step = 60;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => setView((v) => ({ ...v, x: v.x + step })),
      ArrowRight: () => setView((v) => ({ ...v, x: v.x - step })),
      ArrowUp: () => setView((v) => ({ ...v, y: v.y + step })),
      ArrowDown: () => setView((v) => ({ ...v, y: v.y - step })),
      '+': () => zoomAt(1.25, box.width / 2, box.height / 2),
      '=': () => zoomAt(1.25, box.width / 2, box.height / 2),
      '-': () => zoomAt(0.8, box.width / 2, box.height / 2),
      '0': fit,
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div class="graph">
      <div class="graph-tools" role="toolbar" aria-label="Graph view">
        <button type="button" onClick={() => { const b = frame.current!.getBoundingClientRect(); zoomAt(1.25, b.width / 2, b.height / 2); }} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => { const b = frame.current!.getBoundingClientRect(); zoomAt(0.8, b.width / 2, b.height / 2); }} aria-label="Zoom out">−</button>
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
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        onPointerDown={(event) => {
          if ((event.target as Element).closest('.node')) {
            return;
          }
          drag.current = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y };
          (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
        }}
        onPointerMove={(event) => {
          const d = drag.current;
          if (d) {
            setView((v) => ({ ...v, x: d.viewX + event.clientX - d.x, y: d.viewY + event.clientY - d.y }));
          }
        }}
        onPointerUp={() => (drag.current = null)}
        data-testid="workflow-graph"
      >
        <svg width="100%" height="100%" class="graph-svg">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
            </marker>
          </defs>
          <g transform={`translate(${view.x.toFixed(1)},${view.y.toFixed(1)}) scale(${view.scale.toFixed(4)})`}>
            <Edges layout={layout} />
            {layout.nodes.map(({ task, x, y }) => {
              const state = states.get(task.name);
              const status = state?.status ?? 'not-run';
              const tone = status === 'not-run' ? 'not-run' : statusClass(status);
              const marks = [
                task.join !== null ? `join ${task.join}` : null,
                task.with_items !== null ? `with items${state ? ` ×${state.runs.length}` : ''}` : null,
                task.retry !== null ? 'retry' : null,
                !task.with_items && state && state.runs.length > 1 ? `${state.runs.length} runs` : null,
              ].filter((m): m is string => m !== null);
              const label = `Task ${task.name}${task.action ? `, action ${task.action}` : ''}, ${status === 'not-run' ? 'not run' : status}${marks.length ? `, ${marks.join(', ')}` : ''}`;
              return (
                <g
                  key={task.name}
                  class={`node node-${tone}${task.engine_command ? ' node-command' : ''}${selected === task.name ? ' node-selected' : ''}${task.join !== null ? ' node-join' : ''}`}
                  transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}
                  tabindex={0}
                  role="button"
                  aria-label={label}
                  aria-pressed={selected === task.name}
                  data-task={task.name}
                  data-status={status}
                  onClick={() => onSelect(task.name)}
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
                  <text x={14} y={20} class="node-name">{clip(task.name, 24)}</text>
                  <text x={14} y={38} class="node-detail">{clip(task.engine_command ? 'engine command' : (task.action ?? ''), 26)}</text>
                  <text x={nodeWidth - 8} y={20} class="node-status" text-anchor="end">{status === 'not-run' ? '' : status}</text>
                  {marks.length > 0 && <text x={nodeWidth - 8} y={48} class="node-marks" text-anchor="end">{clip(marks.join(' · '), 30)}</text>}
                </g>
              );
            })}
          </g>
        </svg>
      </div>
    </div>
  );
}

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
