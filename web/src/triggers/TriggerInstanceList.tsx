import { useState } from 'preact/hooks';
import { getPage } from '../api/client';
import type { TriggerInstance } from '../api/types';
import { href, replaceQuery, route } from '../app/route';
import { useLoad } from '../app/useLoad';
import { ErrorPanel } from '../ui/ErrorPanel';
import { formatTime } from '../ui/format';

/** Stored trigger instances, newest first, a page at a time. */
export function TriggerInstanceList() {
  const trigger = route.value.query.get('trigger') ?? '';
  const [pages, setPages] = useState<TriggerInstance[][]>([]);
  const [next, setNext] = useState<string | null>(null);
  const first = useLoad(async (signal) => {
    const page = await getPage<TriggerInstance>('triggerinstances', { trigger: trigger || undefined, limit: 100 }, signal);
    setPages([page.items]);
    setNext(page.next);
    return page;
  }, [trigger]);
  const [error, setError] = useState<unknown>(null);
  const rows = pages.flat();
  return (
    <section class="page" aria-labelledby="ti-title">
      <h1 id="ti-title">Trigger instances</h1>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Trigger type
          <input name="trigger" value={trigger} onChange={(e) => replaceQuery({ trigger: (e.target as HTMLInputElement).value.trim() || undefined })} placeholder="core.st2.webhook" />
        </label>
      </form>
      {first.error !== null && <ErrorPanel error={first.error} onRetry={first.reload} />}
      {error !== null && <ErrorPanel error={error} />}
      {first.data && rows.length === 0 && <p class="empty">No trigger instances.</p>}
      {rows.length > 0 && (
        <table class="table">
          <thead><tr><th scope="col">Occurred</th><th scope="col">Trigger</th><th scope="col">Status</th><th scope="col">Trace tag</th><th scope="col">Id</th></tr></thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id}>
                <td>{formatTime(i.occurrence_time)}</td>
                <td>{i.trigger}</td>
                <td>{i.status}</td>
                <td>{i.trace_tag}</td>
                <td><a href={href('triggerinstances', i.id)}>{i.id}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next !== null && (
        <button
          type="button"
          onClick={async () => {
            try {
              const page = await getPage<TriggerInstance>('triggerinstances', { trigger: trigger || undefined, limit: 100, continuation_token: next });
              setPages([...pages, page.items]);
              setNext(page.next);
            } catch (failure) {
              setError(failure);
            }
          }}
        >
          Load older
        </button>
      )}
    </section>
  );
}
