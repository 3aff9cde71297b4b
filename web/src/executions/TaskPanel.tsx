import type { GraphTask } from '../api/types';
import type { TaskState } from '../graph/taskStates';
import { durationOf, formatDuration, formatTime } from '../ui/format';
import { JsonView } from '../ui/JsonView';
import { StatusBadge } from '../ui/StatusBadge';
import { href } from '../app/route';

/** One task of the workflow: what it is, and each of its executions (items, retries) with input and result. */
export function TaskPanel({ task, state, onClose }: { task: GraphTask | undefined; name: string; state: TaskState | undefined; onClose: () => void }) {
  const runs = state?.runs ?? [];
  return (
    <aside class="task-panel" aria-label={`Task ${task?.name ?? ''}`} data-testid="task-panel">
      <header>
        <h2>Task {task?.name}</h2>
        <button type="button" onClick={onClose} aria-label="Close task details">Close</button>
      </header>
      <dl class="facts">
        <dt>Action</dt>
        <dd>{task?.action ?? (task?.engine_command ? 'engine command' : '—')}</dd>
        {task?.join !== null && task?.join !== undefined && (<><dt>Join</dt><dd>{String(task.join)}</dd></>)}
        {task?.with_items && (<><dt>With items</dt><dd><code>{task.with_items}</code>{task.concurrency != null ? ` (concurrency ${String(task.concurrency)})` : ''}</dd></>)}
        {task?.retry && (<><dt>Retry</dt><dd>{String(task.retry.count ?? '')} times{task.retry.when ? <> when <code>{task.retry.when}</code></> : null}{task.retry.delay != null ? `, ${String(task.retry.delay)} s apart` : ''}</dd></>)}
        {task?.next_templates && task.next_templates.length > 0 && (
          <><dt>Next (decided when it runs)</dt><dd>{task.next_templates.map((t) => <code key={t}>{t}</code>)}</dd></>
        )}
        <dt>Status</dt>
        <dd>{state ? <StatusBadge status={state.status} /> : 'not run'}</dd>
        <dt>{task?.with_items ? 'Items' : 'Attempts'}</dt>
        <dd>{runs.length}</dd>
      </dl>
      {runs.map((run, index) => (
        <section class="task-run" key={run.id} aria-label={`${task?.with_items ? 'Item' : 'Attempt'} ${index + 1}`}>
          <h3>
            {task?.with_items ? `Item ${run.context?.orquesta?.item_id ?? index}` : runs.length > 1 ? `Attempt ${index + 1}` : 'Execution'}{' '}
            <StatusBadge status={String(run.status)} /> <a href={href('executions', run.id)}>{run.id}</a>
          </h3>
          <p class="muted small">
            {formatTime(run.start_timestamp)} · {formatDuration(durationOf(run.start_timestamp, run.end_timestamp))}
          </p>
          <h4>Input</h4>
          <JsonView value={run.parameters} label={`Input of ${task?.name}`} />
          <h4>Result</h4>
          <JsonView value={run.result} label={`Result of ${task?.name}`} />
        </section>
      ))}
    </aside>
  );
}
