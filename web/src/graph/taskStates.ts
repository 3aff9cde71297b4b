import { completedStatuses, type Execution, type WorkflowGraph } from '../api/types';
import { parseTime } from '../ui/format';

/** What a graph node shows of a task's executions: one per item of a with-items task, one per attempt of a retried task. */
export interface TaskState {
  status: string;
  runs: Execution[];
}

/** The workflow task an execution ran for (st2 keeps it in context.orquesta.task_name; ServerlessFlow in context.task). */
export function taskNameOf(execution: Execution): string | null {
  const context = execution.context ?? {};
  const name = context.orquesta?.task_name ?? context.orquesta?.task_id ?? context.task;
  return typeof name === 'string' && name.length > 0 ? name : null;
}

const activeOrder = ['canceling', 'pausing', 'resuming', 'running', 'pending', 'paused', 'delayed', 'scheduled', 'requested'];

/**
 * The status of each task from its executions. While any run is in progress the task shows that; once all are done, a
 * with-items task failed if any item failed, and another task shows its latest attempt.
 */
export function taskStates(graph: WorkflowGraph | null, children: Execution[]): Map<string, TaskState> {
  const byTask = new Map<string, Execution[]>();
  for (const child of children) {
    const name = taskNameOf(child);
    if (name === null) {
      continue;
    }
    const runs = byTask.get(name);
    if (runs) {
      runs.push(child);
    } else {
      byTask.set(name, [child]);
    }
  }

  const withItems = new Set(graph?.tasks.filter((t) => t.with_items !== null).map((t) => t.name) ?? []);
  const states = new Map<string, TaskState>();
  for (const [name, runs] of byTask) {
    runs.sort((a, b) => (parseTime(a.start_timestamp) ?? 0) - (parseTime(b.start_timestamp) ?? 0) || a.id.localeCompare(b.id));
    states.set(name, { status: aggregate(runs, withItems.has(name)), runs });
  }
  return states;
}

function aggregate(runs: Execution[], withItems: boolean): string {
  const active = runs.map((r) => String(r.status)).filter((s) => !completedStatuses.has(s));
  if (active.length > 0) {
    return activeOrder.find((s) => active.includes(s)) ?? active[0]!;
  }
  if (withItems) {
    for (const status of ['failed', 'timeout', 'abandoned', 'canceled']) {
      if (runs.some((r) => r.status === status)) {
        return status;
      }
    }
    return 'succeeded';
  }
  return String(runs[runs.length - 1]!.status);
}
