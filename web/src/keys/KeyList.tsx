import type { KeyValuePair } from '../api/types';
import { get } from '../api/client';
import { useLoad } from '../app/useLoad';
import { ErrorPanel } from '../ui/ErrorPanel';

/** Key-value pairs of the datastore; secrets stay masked (the console never asks for decrypted values). */
export function KeyList() {
  const loaded = useLoad((signal) => get<KeyValuePair[]>('keys', undefined, signal), []);
  return (
    <section class="page" aria-labelledby="keys-title">
      <h1 id="keys-title">Key-value pairs</h1>
      {loaded.error !== null && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
      {loaded.data && loaded.data.length === 0 && <p class="empty">The datastore is empty.</p>}
      {loaded.data && loaded.data.length > 0 && (
        <table class="table">
          <thead><tr><th scope="col">Name</th><th scope="col">Value</th><th scope="col">Scope</th><th scope="col">Expires</th></tr></thead>
          <tbody>
            {loaded.data.map((pair) => (
              <tr key={`${pair.scope ?? ''}/${pair.name}`} data-key={pair.name}>
                <td><code>{pair.name}</code></td>
                <td>{pair.secret ? <span class="masked" aria-label="secret, hidden">••••••••</span> : <code class="value">{typeof pair.value === 'string' ? pair.value : JSON.stringify(pair.value)}</code>}</td>
                <td>{pair.scope ?? 'system'}</td>
                <td>{pair.expire_timestamp ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
