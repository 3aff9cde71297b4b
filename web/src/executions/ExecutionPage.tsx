import { memo } from 'preact/compat';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, call, get } from '../api/client';
import { onExecutionEvent, onStreamState } from '../api/stream';
import { completedStatuses, type Execution, type WorkflowGraph } from '../api/types';
import { href, hrefWithQuery, navigate } from '../app/route';
import { useLoad } from '../app/useLoad';
import { usePollWithoutStream } from '../app/usePoll';
import { GraphView } from '../graph/GraphView';
import { taskNameOf, taskStates } from '../graph/taskStates';
import { ErrorPanel } from '../ui/ErrorPanel';
import { durationOf, formatDuration, formatTime } from '../ui/format';
import { JsonView } from '../ui/JsonView';
import { StatusBadge } from '../ui/StatusBadge';
import { parentOf } from './executionRows';
import { TaskPanel } from './TaskPanel';
import { Timeline } from './Timeline';

const workflowRunners = new Set(['orquesta', 'action-chain']);

interface Loaded {
  execution: Execution;
  children: Execution[];
}

/** One execution: for a workflow its live graph, the selected task, a timeline, and its input, output, context and errors. */
export function ExecutionPage({ id }: { id: string }) {
  const [refresh, setRefresh] = useState(0);
  const loaded = useLoad<Loaded>(async (signal) => {
    const execution = await get<Execution>(`executions/${encodeURIComponent(id)}`, undefined, signal);
    const runner = execution.action?.runner_type ?? execution.runner?.name ?? '';
    const children = workflowRunners.has(runner)
      ? await get<Execution[]>(`executions/${encodeURIComponent(id)}/children`, undefined, signal).catch(() => [] as Execution[])
      : [];
    return { execution, children };
  }, [id, refresh]);
  // The graph depends only on the action: read once, not on every refresh (a large one is laid out again otherwise).
  const workflowRef = loaded.data && workflowRunners.has(loaded.data.execution.action?.runner_type ?? loaded.data.execution.runner?.name ?? '')
    ? loaded.data.execution.action.ref
    : null;
  const graphLoad = useLoad<WorkflowGraph | null>(
    (signal) => (workflowRef === null ? Promise.resolve(null) : get<WorkflowGraph>(`workflows/graph/${encodeURIComponent(workflowRef)}`, undefined, signal)),
    [workflowRef],
  );
  const graph = graphLoad.data ?? null;
  const graphError = graphLoad.error;
  const [selected, setSelected] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setSelected(null);
    setActionError(null);
  }, [id]);

  // Live: the execution and its task executions change as stream events arrive. An event that arrives while the page is
  // still loading may be newer than what the load returns: the page loads again once.
  const missed = useRef(false);
  useEffect(() => {
    if (loaded.data && missed.current) {
      missed.current = false;
      setRefresh((n) => n + 1);
    }
  }, [loaded.data]);
  useEffect(() => {
    const stop = onExecutionEvent((event) => {
      const current = loaded.data;
      if (!current || loaded.loading) {
        if (event.id === id || parentOf(event) === id) {
          missed.current = true;
        }
        return;
      }
      if (event.id === id) {
        loaded.set({ ...current, execution: { ...current.execution, ...event } });
      } else if (parentOf(event) === id) {
        const children = current.children.filter((c) => c.id !== event.id);
        const known = current.children.find((c) => c.id === event.id);
        children.push(known ? { ...known, ...event } : event);
        loaded.set({ ...current, children });
      }
    });
    let wasDown = false;
    const stopState = onStreamState((state) => {
      if (state === 'retrying') {
        wasDown = true;
      } else if (state === 'open' && wasDown) {
        wasDown = false;
        setRefresh((n) => n + 1);
      }
    });
    return () => {
      stop();
      stopState();
    };
  }, [id, loaded.data, loaded.loading]);

  const running = loaded.data ? !completedStatuses.has(String(loaded.data.execution.status)) : false;
  usePollWithoutStream(running, () => setRefresh((n) => n + 1), 2000);

  const states = useMemo(() => taskStates(graph, loaded.data?.children ?? []), [graph, loaded.data?.children]);

  if (loaded.error && !loaded.data) {
    return (
      <section class="page">
        <h1>Execution {id}</h1>
        <ErrorPanel error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  }
  if (!loaded.data) {
    return <section class="page" aria-busy="true"><h1>Execution {id}</h1><p>Loading…</p></section>;
  }

  const { execution, children } = loaded.data;
  const status = String(execution.status);
  const done = completedStatuses.has(status);
  const runner = execution.action?.runner_type ?? execution.runner?.name ?? '';
  const isWorkflow = workflowRunners.has(runner);
  const context = execution.context ?? {};
  const result = (execution.result ?? null) as Record<string, unknown> | null;
  const failedTasks = [...states.entries()].filter(([, s]) => ['failed', 'timeout', 'abandoned'].includes(s.status)).map(([name]) => name);

  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    try {
      await what();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };
  const path = `executions/${encodeURIComponent(id)}`;
  // The answer is the execution as it was when the server took the request; the workflow may have moved on since (and its
  // events may already have arrived), so the page reads it again rather than putting the older answer over newer state.
  const steer = (statusWanted: string) => act(async () => {
    await call<Execution>(path, { method: 'PUT', body: { status: statusWanted } });
    loaded.reload();
  });
  const cancel = () => act(async () => {
    await call<Execution>(path, { method: 'DELETE' });
    loaded.reload();
  });
  const reRun = (tasks?: string[]) => act(async () => {
    const body: Record<string, unknown> = { parameters: {} };
    if (tasks) {
      body['tasks'] = tasks;
    }
    const answer = await call<Execution>(`${path}/re_run`, { method: 'POST', body });
    navigate(href('executions', answer.data.id));
  });

  const parent = parentOf(execution);
  return (
    <section class="page execution-page" aria-labelledby="execution-title" data-execution-id={execution.id} data-status={status}>
      <p class="breadcrumbs"><a href={href('executions')}>Executions</a>{parent && <> / <a href={href('executions', parent)}>parent workflow</a></>}</p>
      <h1 id="execution-title">
        {execution.action.ref} <StatusBadge status={status} />
      </h1>
      <dl class="facts facts-inline">
        <dt>Id</dt>
        <dd><code>{execution.id}</code></dd>
        <dt>Runner</dt>
        <dd>{runner}</dd>
        <dt>Started</dt>
        <dd>{formatTime(execution.start_timestamp)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(durationOf(execution.start_timestamp, execution.end_timestamp))}</dd>
        {context.trace_tag && (<><dt>Trace tag</dt><dd><a href={hrefWithQuery(['executions'], { trace_tag: context.trace_tag })}>{context.trace_tag}</a></dd></>)}
        {context.rule && (<><dt>Rule</dt><dd><a href={href('rules', context.rule)}>{context.rule}</a></dd></>)}
        {context.trigger_instance && (<><dt>Trigger instance</dt><dd><a href={href('triggerinstances', context.trigger_instance)}>{context.trigger_instance}</a></dd></>)}
        {context.task && (<><dt>Task</dt><dd>{context.task}</dd></>)}
      </dl>

      <div class="actions-bar" role="toolbar" aria-label="Execution actions">
        {!done && <button type="button" disabled={busy} onClick={cancel} class="danger">Cancel</button>}
        {isWorkflow && (status === 'running') && <button type="button" disabled={busy} onClick={() => steer('pausing')}>Pause</button>}
        {isWorkflow && (status === 'paused' || status === 'pausing') && <button type="button" disabled={busy} onClick={() => steer('resuming')}>Resume</button>}
        <button type="button" disabled={busy} onClick={() => reRun()}>Re-run</button>
        {isWorkflow && done && failedTasks.length > 0 && (
          <button type="button" disabled={busy} onClick={() => reRun(failedTasks)}>Re-run from {failedTasks.length === 1 ? `task ${failedTasks[0]}` : 'failed tasks'}</button>
        )}
      </div>
      {actionError !== null && <ErrorPanel error={actionError} />}
      {loaded.error !== null && loaded.data && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}

      {isWorkflow && graph && (
        <div class={`workflow-view${selected ? ' with-panel' : ''}`}>
          <GraphView graph={graph} states={states} selected={selected} onSelect={setSelected} />
          {selected && (
            <TaskPanel task={graph.tasks.find((t) => t.name === selected)} name={selected} state={states.get(selected)} onClose={() => setSelected(null)} />
          )}
        </div>
      )}
      {isWorkflow && !graph && graphError !== null && graphError !== undefined && (
        <p class="notice">The workflow graph is not available: {graphError instanceof ApiError ? graphError.message : String(graphError)}</p>
      )}

      {isWorkflow && (
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">Timeline</h2>
          <Timeline workflow={execution} children={children} onSelect={setSelected} />
        </section>
      )}

      <div class="columns">
        <section aria-labelledby="input-title">
          <h2 id="input-title">{isWorkflow ? 'Input' : 'Parameters'}</h2>
          <JsonView value={execution.parameters ?? {}} label="Input" />
        </section>
        <section aria-labelledby="output-title">
          <h2 id="output-title">{isWorkflow ? 'Output' : 'Result'}</h2>
          <JsonView value={isWorkflow ? (result?.['output'] ?? null) : execution.result} label="Output" />
        </section>
      </div>
      {isWorkflow && result?.['errors'] !== undefined && (
        <section aria-labelledby="errors-title">
          <h2 id="errors-title">Errors</h2>
          <JsonView value={result['errors']} label="Errors" />
        </section>
      )}
      <div class="columns">
        <section aria-labelledby="context-title">
          <h2 id="context-title">Context</h2>
          <JsonView value={execution.context ?? {}} label="Context" />
        </section>
        {isWorkflow && (
          <section aria-labelledby="tasks-title">
            <h2 id="tasks-title">Task executions</h2>
            <TaskExecutionList children={children} />
          </section>
        )}
      </div>
    </section>
  );
}

/** The workflow's task executions, each linked to its own page. */
const TaskExecutionList = memo(function TaskExecutionList({ children }: { children: Execution[] }) {
  return (
    <ul class="plain-list">
      {children.map((c) => (
        <li key={c.id}>
          <StatusBadge status={String(c.status)} /> <a href={href('executions', c.id)}>{taskNameOf(c) ?? c.action.ref}</a> <span class="muted">{c.action.ref}</span>
        </li>
      ))}
    </ul>
  );
});
