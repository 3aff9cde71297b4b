import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { ApiError, get, getPage } from '../api/client';
import { onExecutionEvent, onStreamState } from '../api/stream';
import { executionStatuses, type Action, type Execution } from '../api/types';
import { href, replaceQuery, route } from '../app/route';
import { keyVersion } from '../app/session';
import { usePollWithoutStream } from '../app/usePoll';
import { ErrorPanel } from '../ui/ErrorPanel';
import { durationOf, formatDuration, formatTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import { useVirtualRows } from '../ui/useVirtualRows';
import { ExecutionRows, type ExecutionFilter } from './executionRows';

const pageSize = 500;
const rowHeight = 36;

function filterFromRoute(): ExecutionFilter {
  const query = route.value.query;
  return {
    status: query.get('status') ?? undefined,
    action: query.get('action') ?? undefined,
    rule: query.get('rule') ?? undefined,
    trace_tag: query.get('trace_tag') ?? undefined,
    since: query.get('since') ?? undefined,
  };
}

/** Every top-level execution, newest first, live from the event stream, paged in as the list scrolls. */
export function ExecutionList() {
  const filter = filterFromRoute();
  const filterKey = JSON.stringify(filter);
  const version = keyVersion.value;
  const [, changed] = useReducer((n: number) => n + 1, 0);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const state = useMemo(() => ({ rows: new ExecutionRows(filter), next: null as string | null, done: false, loading: false, total: null as number | null, generation: 0 }), [filterKey, version]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);

  const loadPage = async (first: boolean) => {
    if (state.loading || (!first && (state.done || state.next === null))) {
      return;
    }
    state.loading = true;
    setLoading(true);
    const generation = state.generation;
    try {
      const page = await getPage<Execution>('executions', {
        limit: pageSize,
        parent: 'null',
        exclude_attributes: 'result,parameters,log',
        status: filter.status,
        action: filter.action,
        rule: filter.rule,
        trace_tag: filter.trace_tag,
        timestamp_gt: filter.since,
        continuation_token: first ? undefined : state.next,
      });
      if (generation !== state.generation) {
        return;
      }
      state.rows.append(page.items);
      state.next = page.next;
      state.done = page.next === null;
      state.total = page.total;
      setError(null);
    } catch (failure) {
      setError(failure);
    } finally {
      state.loading = false;
      setLoading(false);
      changed(0);
    }
  };

  useEffect(() => {
    void loadPage(true);
    const stopEvents = onExecutionEvent((execution) => {
      if (state.rows.upsert(execution, state.done)) {
        changed(0);
      }
    });
    let wasDown = false;
    const stopState = onStreamState((streamState) => {
      if (streamState === 'retrying') {
        wasDown = true;
      } else if (streamState === 'open' && wasDown) {
        // Events were missed while the stream was down: the first page again brings the list up to date.
        wasDown = false;
        void getPage<Execution>('executions', { limit: pageSize, parent: 'null', exclude_attributes: 'result,parameters,log', ...filterQuery(filter) })
          .then((page) => {
            for (const execution of page.items) {
              state.rows.upsert(execution, state.done);
            }
            changed(0);
          })
          .catch(() => undefined);
      }
    });
    return () => {
      state.generation++;
      stopEvents();
      stopState();
    };
  }, [state]);

  usePollWithoutStream(true, () => {
    void getPage<Execution>('executions', { limit: 100, parent: 'null', exclude_attributes: 'result,parameters,log', ...filterQuery(filter) })
      .then((page) => {
        for (const execution of page.items) {
          state.rows.upsert(execution, state.done);
        }
        changed(0);
      })
      .catch(() => undefined);
  }, 3000);

  const virtualizer = useVirtualRows(state.rows.count, () => scrollRef.current, rowHeight);
  const items = virtualizer.getVirtualItems();
  const lastShown = items.length > 0 ? items[items.length - 1]!.index : 0;
  useEffect(() => {
    if (!state.done && !state.loading && state.next !== null && lastShown >= state.rows.count - 100) {
      void loadPage(false);
    }
  });

  // A running execution's duration grows: one tick a second re-renders the rows in view.
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const timer = setInterval(() => tick(0), 1000);
    return () => clearInterval(timer);
  }, []);

  const focusRow = (index: number) => {
    const bounded = Math.max(0, Math.min(state.rows.count - 1, index));
    setActive(bounded);
    virtualizer.scrollToIndex(bounded, { align: 'auto' });
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${bounded}"] a`)?.focus();
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 360) / rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + pageRows, PageUp: active - pageRows, Home: 0, End: state.rows.count - 1 };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      focusRow(target);
    }
  };

  const authProblem = error instanceof ApiError && (error.kind === 'unauthorized' || error.kind === 'forbidden' || error.kind === 'down');
  const now = Date.now();
  return (
    <section class="page executions-page" aria-labelledby="executions-title">
      <h1 id="executions-title">Executions</h1>
      <Filters filter={filter} />
      {error !== null && <ErrorPanel error={error} onRetry={() => void loadPage(state.rows.count === 0)} />}
      {!authProblem && (
        <>
          <p class="list-summary" aria-live="polite">
            {state.rows.count.toLocaleString('en')} {state.rows.count === 1 ? 'execution' : 'executions'} loaded
            {state.total !== null ? ` of ${state.total.toLocaleString('en')}` : state.done ? '' : ', more below'}
            {loading ? ' — loading…' : ''}
          </p>
          <div class="grid-head" role="presentation">
            <span>Status</span>
            <span>Action</span>
            <span>Trigger / rule</span>
            <span>Trace tag</span>
            <span>Started</span>
            <span>Duration</span>
          </div>
          <div
            class="grid-scroll"
            ref={scrollRef}
            role="grid"
            aria-label="Executions, newest first"
            aria-rowcount={state.total ?? (state.done ? state.rows.count : -1)}
            onKeyDown={onKeyDown}
            data-testid="execution-list"
            data-loaded={state.rows.count}
            data-complete={state.done ? 'true' : 'false'}
          >
            {state.rows.count === 0 && !loading && error === null && <p class="empty">No executions{filterKey !== '{}' ? ' match these filters' : ' yet'}.</p>}
            <div style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative' }}>
              {items.map((item) => {
                const row = state.rows.rows[item.index]!;
                return (
                  <div
                    key={row.id}
                    class="grid-row"
                    role="row"
                    aria-rowindex={item.index + 1}
                    data-index={item.index}
                    data-execution-id={row.id}
                    data-status={row.status}
                    style={{ transform: `translateY(${item.start}px)`, height: `${rowHeight}px` }}
                  >
                    <span role="gridcell"><StatusBadge status={row.status} /></span>
                    <span role="gridcell">
                      <a href={href('executions', row.id)} tabIndex={item.index === active ? 0 : -1} onFocus={() => setActive(item.index)} title={row.id}>
                        {row.action}
                      </a>
                    </span>
                    <span role="gridcell" class="muted">{row.triggerType || (row.rule ? '' : 'manual')}{row.rule ? ` · ${row.rule}` : ''}</span>
                    <span role="gridcell">{row.traceTag}</span>
                    <span role="gridcell"><time dateTime={row.start}>{formatTime(row.start)}</time></span>
                    <span role="gridcell">{formatDuration(durationOf(row.start, row.end, now))}</span>
                  </div>
                );
              })}
            </div>
          </div>
          <p class="muted small">In the list, arrow keys, Page Up/Down, Home and End move from row to row.</p>
        </>
      )}
    </section>
  );
}

function filterQuery(filter: ExecutionFilter) {
  return { status: filter.status, action: filter.action, rule: filter.rule, trace_tag: filter.trace_tag, timestamp_gt: filter.since };
}

function Filters({ filter }: { filter: ExecutionFilter }) {
  const [actions, setActions] = useState<string[]>([]);
  useEffect(() => {
    get<Action[]>('actions', { limit: 1000 })
      .then((list) => setActions(list.map((a) => a.ref)))
      .catch(() => setActions([]));
  }, [keyVersion.value]);
  const set = (name: keyof ExecutionFilter, value: string) => replaceQuery({ ...filter, [name]: value || undefined });
  const sinceLocal = filter.since ? toLocalInput(filter.since) : '';
  return (
    <form class="filters" role="search" aria-label="Filter executions" onSubmit={(e) => e.preventDefault()}>
      <label>
        Status
        <select name="status" value={filter.status ?? ''} onChange={(e) => set('status', (e.target as HTMLSelectElement).value)}>
          <option value="">any</option>
          {executionStatuses.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>
        Action
        <input name="action" list="action-refs" value={filter.action ?? ''} onChange={(e) => set('action', (e.target as HTMLInputElement).value.trim())} placeholder="pack.action" />
        <datalist id="action-refs">{actions.map((a) => <option key={a} value={a} />)}</datalist>
      </label>
      <label>
        Rule
        <input name="rule" value={filter.rule ?? ''} onChange={(e) => set('rule', (e.target as HTMLInputElement).value.trim())} placeholder="pack.rule" />
      </label>
      <label>
        Trace tag
        <input name="trace_tag" value={filter.trace_tag ?? ''} onChange={(e) => set('trace_tag', (e.target as HTMLInputElement).value.trim())} />
      </label>
      <label>
        Started after
        <input
          name="since"
          type="datetime-local"
          value={sinceLocal}
          onChange={(e) => {
            const text = (e.target as HTMLInputElement).value;
            set('since', text ? new Date(text).toISOString() : '');
          }}
        />
      </label>
      {Object.values(filter).some((v) => v) && (
        <button type="button" onClick={() => replaceQuery({})}>Clear filters</button>
      )}
    </form>
  );
}

function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
