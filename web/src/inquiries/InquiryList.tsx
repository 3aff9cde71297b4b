import type { Inquiry } from '../api/types';
import { href } from '../app/route';
import { listAll } from '../app/listAll';
import { useLoad } from '../app/useLoad';
import { ErrorPanel } from '../ui/ErrorPanel';
import { formatTime } from '../ui/format';
import { onExecutionEvent } from '../api/stream';
import { useEffect } from 'preact/hooks';

/** Inquiries waiting for an answer (a workflow paused at core.ask). */
export function InquiryList() {
  const loaded = useLoad((signal) => listAll<Inquiry>('inquiries', { status: 'pending' }, signal, 5000), []);
  // A new core.ask shows up as a pending execution: the list is read again then.
  useEffect(() => onExecutionEvent((execution) => {
    if (execution.status === 'pending') {
      loaded.reload();
    }
  }), []);
  return (
    <section class="page" aria-labelledby="inquiries-title">
      <h1 id="inquiries-title">Inquiries</h1>
      {loaded.error !== null && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
      {loaded.data && loaded.data.length === 0 && <p class="empty">No inquiry is waiting for an answer.</p>}
      {loaded.data && loaded.data.length > 0 && (
        <table class="table">
          <thead><tr><th scope="col">Inquiry</th><th scope="col">Asked</th><th scope="col">Workflow</th><th scope="col">Route</th></tr></thead>
          <tbody>
            {loaded.data.map((inquiry) => (
              <tr key={inquiry.id}>
                <td><a href={href('inquiries', inquiry.id)}>{String(inquiry.schema?.description ?? inquiry.schema?.title ?? inquiry.id)}</a></td>
                <td>{formatTime(inquiry.created_at)}</td>
                <td>{inquiry.parent ? <a href={href('executions', inquiry.parent)}>{inquiry.parent}</a> : '—'}</td>
                <td>{inquiry.route}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
