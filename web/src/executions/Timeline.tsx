import { memo } from 'preact/compat';
import type { Execution } from '../api/types';
import { taskNameOf } from '../graph/taskStates';
import { durationOf, formatDuration, parseTime } from '../ui/format';
import { statusClass } from '../ui/StatusBadge';

const shown = 400;

/** Each task execution as a bar from its start to its end (or now), on the workflow's time axis. */
export const Timeline = memo(function Timeline({ workflow, children, onSelect }: { workflow: Execution; children: Execution[]; onSelect: (task: string) => void }) {
  const now = Date.now();
  const start = parseTime(workflow.start_timestamp) ?? now;
  const runs = [...children].sort((a, b) => (parseTime(a.start_timestamp) ?? 0) - (parseTime(b.start_timestamp) ?? 0));
  const end = Math.max(
    parseTime(workflow.end_timestamp) ?? now,
    ...runs.map((r) => parseTime(r.end_timestamp) ?? now),
  );
  const span = Math.max(1, end - start);
  if (runs.length === 0) {
    return <p class="muted">No task has started yet.</p>;
  }
  return (
    <div class="timeline" role="list" aria-label="Task durations">
      {runs.slice(0, shown).map((run) => {
        const from = (parseTime(run.start_timestamp) ?? start) - start;
        const duration = durationOf(run.start_timestamp, run.end_timestamp, now) ?? 0;
        const task = taskNameOf(run) ?? run.action.ref;
        return (
          <div class="timeline-row" role="listitem" key={run.id}>
            <button type="button" class="link-button timeline-task" onClick={() => onSelect(task)} title={run.id}>
              {task}
            </button>
            <div class="timeline-track">
              <span
                class={`timeline-bar tone-${statusClass(String(run.status))}`}
                style={{ left: `${(from / span) * 100}%`, width: `max(2px, ${(duration / span) * 100}%)` }}
              />
            </div>
            <span class="timeline-duration">{formatDuration(duration)} · {run.status}</span>
          </div>
        );
      })}
      {runs.length > shown && <p class="muted small">The first {shown} of {runs.length} task executions are shown.</p>}
    </div>
  );
});
