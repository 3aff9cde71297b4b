import { useState } from 'preact/hooks';
import { call, get, getPage } from '../api/client';
import type { RuleEnforcement, RuleTestAnswer, TriggerInstance } from '../api/types';
import { href, hrefWithQuery } from '../app/route';
import { useLoad } from '../app/useLoad';
import { RuleTestReportView } from '../rules/RuleTestReportView';
import { ErrorPanel } from '../ui/ErrorPanel';
import { formatTime } from '../ui/format';
import { JsonView } from '../ui/JsonView';

/** One trigger instance: its payload, what it enforced, re-emit, and every rule of its trigger type tested against it. */
export function TriggerInstancePage({ id }: { id: string }) {
  const loaded = useLoad((signal) => get<TriggerInstance>(`triggerinstances/${encodeURIComponent(id)}`, undefined, signal), [id]);
  const enforcements = useLoad((signal) => getPage<RuleEnforcement>('ruleenforcements', { trigger_instance: id, limit: 50 }, signal), [id]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tests, setTests] = useState<RuleTestAnswer | null>(null);
  const instance = loaded.data;
  return (
    <section class="page" aria-labelledby="tip-title">
      <p class="breadcrumbs"><a href={href('triggerinstances')}>Trigger instances</a></p>
      <h1 id="tip-title">Trigger instance {id}</h1>
      {loaded.error !== null && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
      {error !== null && <ErrorPanel error={error} />}
      {message && <p class="success" role="status">{message}</p>}
      {instance && (
        <>
          <dl class="facts facts-inline">
            <dt>Trigger</dt><dd>{instance.trigger}</dd>
            <dt>Occurred</dt><dd>{formatTime(instance.occurrence_time)}</dd>
            <dt>Status</dt><dd>{instance.status}</dd>
            {instance.trace_tag && (<><dt>Trace tag</dt><dd><a href={hrefWithQuery(['executions'], { trace_tag: instance.trace_tag })}>{instance.trace_tag}</a></dd></>)}
          </dl>
          <div class="actions-bar">
            <button
              type="button"
              onClick={async () => {
                setError(null);
                try {
                  const answer = await call<{ id?: string }>(`triggerinstances/${encodeURIComponent(id)}/re_emit`, { method: 'POST' });
                  setMessage(`Re-emitted${answer.data?.id ? ` as ${answer.data.id}` : ''}: the rules evaluate it again.`);
                } catch (failure) {
                  setError(failure);
                }
              }}
            >
              Re-emit
            </button>
            <button
              type="button"
              onClick={async () => {
                setError(null);
                try {
                  setTests((await call<RuleTestAnswer>('ruletests', { method: 'POST', body: { trigger_instance: id } })).data);
                } catch (failure) {
                  setError(failure);
                }
              }}
            >
              Test the rules of {instance.trigger}
            </button>
          </div>
          <h2>Payload</h2>
          <JsonView value={instance.payload} label="Payload" />
          <h2>Enforcements</h2>
          {enforcements.data && enforcements.data.items.length === 0 && <p class="empty">No rule fired for this instance.</p>}
          {enforcements.data && enforcements.data.items.length > 0 && (
            <ul class="plain-list">
              {enforcements.data.items.map((e) => {
                const rule = typeof e.rule === 'string' ? e.rule : e.rule.ref;
                return (
                  <li key={e.id}>
                    <a href={href('rules', rule)}>{rule}</a> → {e.execution_id ? <a href={href('executions', e.execution_id)}>{e.execution_id}</a> : (e.failure_reason ?? 'no execution')}
                  </li>
                );
              })}
            </ul>
          )}
          {tests && (
            <section aria-label="Rule tests">
              <h2>Rules of {instance.trigger}</h2>
              {tests.results.length === 0 && <p class="empty">No loaded rule listens to {instance.trigger}.</p>}
              {tests.results.map((r) => <RuleTestReportView key={r.rule} report={r} />)}
            </section>
          )}
        </>
      )}
    </section>
  );
}
