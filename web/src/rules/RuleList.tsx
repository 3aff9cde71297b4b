import { useState } from 'preact/hooks';
import { call } from '../api/client';
import type { Rule } from '../api/types';
import { href } from '../app/route';
import { listAll } from '../app/listAll';
import { useLoad } from '../app/useLoad';
import { ErrorPanel } from '../ui/ErrorPanel';

/** Every loaded rule, with its trigger, action and an enable/disable switch. */
export function RuleList() {
  const loaded = useLoad((signal) => listAll<Rule>('rules', {}, signal), []);
  const [error, setError] = useState<unknown>(null);
  return (
    <section class="page" aria-labelledby="rules-title">
      <h1 id="rules-title">Rules</h1>
      {loaded.error !== null && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
      {error !== null && <ErrorPanel error={error} />}
      {loaded.data && loaded.data.length === 0 && <p class="empty">No rules are loaded.</p>}
      {loaded.data && loaded.data.length > 0 && (
        <table class="table">
          <thead><tr><th scope="col">Rule</th><th scope="col">Trigger</th><th scope="col">Action</th><th scope="col">Enabled</th></tr></thead>
          <tbody>
            {loaded.data.map((rule) => (
              <tr key={rule.ref} data-rule={rule.ref}>
                <td><a href={href('rules', rule.ref)}>{rule.ref}</a><div class="muted small">{rule.description}</div></td>
                <td>{rule.trigger?.type}</td>
                <td><a href={href('actions', rule.action?.ref)}>{rule.action?.ref}</a></td>
                <td>
                  <EnableSwitch rule={rule} onChanged={(updated) => loaded.set(loaded.data!.map((r) => (r.ref === updated.ref ? updated : r)))} onError={setError} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** StackStorm enables and disables a rule with PUT /rules/{ref} carrying the rule with `enabled` changed. */
export function EnableSwitch({ rule, onChanged, onError }: { rule: Rule; onChanged: (rule: Rule) => void; onError: (error: unknown) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <label class="switch">
      <input
        type="checkbox"
        role="switch"
        checked={rule.enabled}
        disabled={busy}
        aria-label={`${rule.ref} enabled`}
        onChange={async () => {
          setBusy(true);
          onError(null);
          try {
            const answer = await call<Rule>(`rules/${encodeURIComponent(rule.ref)}`, { method: 'PUT', body: { ...rule, enabled: !rule.enabled } });
            onChanged(answer.data && typeof answer.data === 'object' ? { ...rule, ...answer.data } : { ...rule, enabled: !rule.enabled });
          } catch (failure) {
            onError(failure);
          } finally {
            setBusy(false);
          }
        }}
      />
      <span>{rule.enabled ? 'enabled' : 'disabled'}</span>
    </label>
  );
}
