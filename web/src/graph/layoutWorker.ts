import type { WorkflowGraph } from '../api/types';
import { layoutGraph } from './layout';

// Lays out large workflows off the page's main thread, so the page stays responsive while dagre works.
self.onmessage = (event: MessageEvent<WorkflowGraph>) => {
  const started = performance.now();
  const layout = layoutGraph(event.data);
  self.postMessage({ layout, ms: performance.now() - started });
};
