import { useState } from 'preact/hooks';
import type { Action } from '../api/types';
import { href } from '../app/route';
import { listAll } from '../app/listAll';
import { useLoad } from '../app/useLoad';
import { ErrorPanel } from '../ui/ErrorPanel';

/** The loaded packs' actions, grouped by pack, with a search box. */
export function ActionList() {
  const loaded = useLoad((signal) => listAll<Action>('actions', {}, signal), []);
  const [search, setSearch] = useState('');
  const term = search.trim().toLowerCase();
  const actions = (loaded.data ?? []).filter((a) => !term || a.ref.toLowerCase().includes(term) || (a.description ?? '').toLowerCase().includes(term));
  const packs = [...new Set(actions.map((a) => a.pack))].sort();
  return (
    <section class="page" aria-labelledby="actions-title">
      <h1 id="actions-title">Actions</h1>
      <label class="search">
        Find an action
        <input type="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} placeholder="ref or description" />
      </label>
      {loaded.error !== null && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
      {loaded.loading && !loaded.data && <p>Loading…</p>}
      {packs.map((pack) => (
        <section key={pack} class="pack-group" aria-labelledby={`pack-${pack}`}>
          <h2 id={`pack-${pack}`}><a href={href('packs', pack)}>{pack}</a></h2>
          <table class="table">
            <thead><tr><th scope="col">Action</th><th scope="col">Runner</th><th scope="col">Description</th></tr></thead>
            <tbody>
              {actions.filter((a) => a.pack === pack).map((a) => (
                <tr key={a.ref}>
                  <td><a href={href('actions', a.ref)}>{a.name}</a></td>
                  <td>{a.runner_type}</td>
                  <td>{a.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {loaded.data && actions.length === 0 && <p class="empty">No action matches.</p>}
    </section>
  );
}
