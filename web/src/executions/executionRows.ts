import { completedStatuses, type Execution } from '../api/types';
import { parseTime } from '../ui/format';

/** What the executions list shows of an execution. */
export interface ExecutionRow {
  id: string;
  status: string;
  action: string;
  runner: string;
  rule: string;
  triggerType: string;
  triggerInstance: string;
  traceTag: string;
  start: string;
  end: string | null;
  startMs: number;
}

export interface ExecutionFilter {
  status?: string;
  action?: string;
  rule?: string;
  trace_tag?: string;
  /** ISO time: only executions started after it. */
  since?: string;
}

export function parentOf(execution: Execution): string | null {
  return (execution.parent ?? execution.context?.parent ?? null) || null;
}

export function toRow(execution: Execution): ExecutionRow {
  const context = execution.context ?? {};
  return {
    id: execution.id,
    status: String(execution.status),
    action: execution.action?.ref ?? '',
    runner: execution.action?.runner_type ?? execution.runner?.name ?? '',
    rule: execution.rule?.ref ?? (typeof context.rule === 'string' ? context.rule : ''),
    triggerType: execution.trigger?.type ?? (typeof context.trigger_type === 'string' ? context.trigger_type : ''),
    triggerInstance: execution.trigger_instance?.id ?? (typeof context.trigger_instance === 'string' ? context.trigger_instance : ''),
    traceTag: typeof context.trace_tag === 'string' ? context.trace_tag : '',
    start: execution.start_timestamp,
    end: execution.end_timestamp ?? null,
    startMs: parseTime(execution.start_timestamp) ?? 0,
  };
}

/**
 * Updates a row with a newer reading, except that a finished execution never goes back to an unfinished status: a page
 * read before a stream event can arrive after it.
 */
export function merge(known: ExecutionRow, reading: ExecutionRow): void {
  if (completedStatuses.has(known.status) && !completedStatuses.has(reading.status)) {
    return;
  }
  Object.assign(known, reading);
}

export function matches(row: ExecutionRow, filter: ExecutionFilter): boolean {
  return (
    (!filter.status || row.status === filter.status) &&
    (!filter.action || row.action === filter.action) &&
    (!filter.rule || row.rule === filter.rule) &&
    (!filter.trace_tag || row.traceTag === filter.trace_tag) &&
    (!filter.since || row.startMs > (parseTime(filter.since) ?? 0))
  );
}

/**
 * The rows loaded so far, newest first, kept current by stream events: a live update changes a row in place, a new
 * execution goes in at its place by start time when that place is inside the loaded range (older ones arrive with paging).
 */
export class ExecutionRows {
  readonly rows: ExecutionRow[] = [];
  private readonly byId = new Map<string, ExecutionRow>();

  constructor(readonly filter: ExecutionFilter) {}

  get count(): number {
    return this.rows.length;
  }

  /** Adds a page at the end (rows already present are updated instead). */
  append(executions: Execution[]): void {
    for (const execution of executions) {
      if (parentOf(execution) !== null) {
        continue;
      }
      const row = toRow(execution);
      const known = this.byId.get(row.id);
      if (known) {
        merge(known, row);
      } else {
        this.byId.set(row.id, row);
        this.rows.push(row);
      }
    }
  }

  /** Applies a created or updated execution; returns true when the list changed. */
  upsert(execution: Execution, allLoaded: boolean): boolean {
    if (parentOf(execution) !== null) {
      return false;
    }
    const row = toRow(execution);
    const known = this.byId.get(row.id);
    if (known) {
      merge(known, row);
      return true;
    }
    if (!matches(row, this.filter)) {
      return false;
    }
    const last = this.rows[this.rows.length - 1];
    if (!allLoaded && last !== undefined && row.startMs < last.startMs) {
      return false;
    }
    this.rows.splice(this.insertionIndex(row.startMs), 0, row);
    this.byId.set(row.id, row);
    return true;
  }

  /** Binary search for the first row that started before `startMs` (rows are newest first). */
  private insertionIndex(startMs: number): number {
    let low = 0;
    let high = this.rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.rows[middle]!.startMs >= startMs) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
