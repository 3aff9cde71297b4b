import type { Action, Pack } from '../api/types';
import { href } from '../app/route';
import { listAll } from '../app/listAll';
import { useLoad } from '../app/useLoad';
import { ErrorPanel } from '../ui/ErrorPanel';

/** The loaded packs (from /packs, or from the actions' packs on a server without that endpoint). */
export function PackList({ focus }: { focus?: string }) {
  const loaded = useLoad(async (signal) => {
    const [packs, actions] = await Promise.all([
      listAll<Pack>('packs', {}, signal).catch(() => null),
      listAll<Action>('actions', {}, signal),
    ]);
    const counts = new Map<string, number>();
    for (const action of actions) {
      counts.set(action.pack, (counts.get(action.pack) ?? 0) + 1);
    }
    const list: Pack[] = packs ?? [...counts.keys()].map((ref) => ({ ref, name: ref }));
    return { list: list.sort((a, b) => a.ref.localeCompare(b.ref)), counts };
  }, []);
  return (
    <section class="page" aria-labelledby="packs-title">
      <h1 id="packs-title">Packs</h1>
      {loaded.error !== null && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
      {loaded.data && (
        <table class="table">
          <thead><tr><th scope="col">Pack</th><th scope="col">Version</th><th scope="col">Description</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {loaded.data.list.map((pack) => (
              <tr key={pack.ref} class={focus === pack.ref ? 'focused' : ''} id={`pack-row-${pack.ref}`}>
                <th scope="row">{pack.ref}</th>
                <td>{pack.version ?? ''}</td>
                <td>{pack.description ?? ''}</td>
                <td><a href={`${href('actions')}`}>{loaded.data!.counts.get(pack.ref) ?? 0} actions</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
