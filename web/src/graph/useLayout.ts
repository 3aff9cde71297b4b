import { useEffect, useMemo, useState } from 'preact/hooks';
import type { WorkflowGraph } from '../api/types';
import { layoutGraph, type GraphLayout } from './layout';

/** Workflows up to this many tasks are laid out at once; larger ones in a worker. */
const inlineLimit = 150;

function measure(ms: number): void {
  const end = performance.now();
  performance.measure?.('sflow-graph-layout', { start: end - ms, end });
}

/** The graph's layout: computed in place for small workflows, in a Web Worker for large ones (null until it arrives). */
export function useLayout(graph: WorkflowGraph): { layout: GraphLayout | null; error: string | null } {
  const inline = graph.tasks.length <= inlineLimit;
  const small = useMemo(() => {
    if (!inline) {
      return null;
    }
    const started = performance.now();
    const layout = layoutGraph(graph);
    measure(performance.now() - started);
    return layout;
  }, [graph, inline]);
  const [large, setLarge] = useState<{ graph: WorkflowGraph; layout: GraphLayout } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (inline) {
      return;
    }
    const worker = new Worker(new URL('./layoutWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ layout: GraphLayout; ms: number }>) => {
      measure(event.data.ms);
      setLarge({ graph, layout: event.data.layout });
      worker.terminate();
    };
    worker.onerror = (event) => {
      setError(`The graph could not be laid out: ${event.message}`);
      worker.terminate();
    };
    worker.postMessage(graph);
    return () => worker.terminate();
  }, [graph, inline]);

  return { layout: inline ? small : large?.graph === graph ? large.layout : null, error };
}
