import { useState } from 'preact/hooks';
import { call, get } from '../api/client';
import type { Action, Execution } from '../api/types';
import { href, hrefWithQuery, navigate } from '../app/route';
import { useLoad } from '../app/useLoad';
import { SchemaForm } from '../forms/SchemaForm';
import { ErrorPanel } from '../ui/ErrorPanel';

/** One action: what it is and a run form generated from its parameter schema. */
export function ActionPage({ actionRef }: { actionRef: string }) {
  const loaded = useLoad((signal) => get<Action>(`actions/${encodeURIComponent(actionRef)}`, undefined, signal), [actionRef]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const action = loaded.data;
  return (
    <section class="page" aria-labelledby="action-title">
      <p class="breadcrumbs"><a href={href('actions')}>Actions</a></p>
      <h1 id="action-title">{actionRef}</h1>
      {loaded.error !== null && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
      {action && (
        <>
          <p>{action.description}</p>
          <dl class="facts facts-inline">
            <dt>Pack</dt><dd><a href={href('packs', action.pack)}>{action.pack}</a></dd>
            <dt>Runner</dt><dd>{action.runner_type}</dd>
            {action.entry_point && (<><dt>Entry point</dt><dd><code>{action.entry_point}</code></dd></>)}
            <dt>History</dt><dd><a href={hrefWithQuery(['executions'], { action: action.ref })}>executions of this action</a></dd>
          </dl>
          <h2>Run</h2>
          {error !== null && <ErrorPanel error={error} />}
          <SchemaForm
            key={action.ref}
            idPrefix="param"
            properties={action.parameters ?? {}}
            submitLabel={`Run ${action.ref}`}
            busy={busy}
            onSubmit={async (parameters) => {
              setBusy(true);
              setError(null);
              try {
                const answer = await call<Execution>('executions', { method: 'POST', body: { action: action.ref, parameters } });
                navigate(href('executions', answer.data.id));
              } catch (failure) {
                setError(failure);
              } finally {
                setBusy(false);
              }
            }}
          />
        </>
      )}
    </section>
  );
}
