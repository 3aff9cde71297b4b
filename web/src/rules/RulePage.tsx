import { useState } from 'preact/hooks';
import { stringify } from 'yaml';
import { get, getPage } from '../api/client';
import type { Rule, RuleEnforcement } from '../api/types';
import { href, hrefWithQuery } from '../app/route';
import { useLoad } from '../app/useLoad';
import { ErrorPanel } from '../ui/ErrorPanel';
import { formatTime } from '../ui/format';
import { EnableSwitch } from './RuleList';
import { RuleTester } from './RuleTester';

/** One rule: its YAML, enable/disable, its recent enforcements and the rule tester. */
export function RulePage({ ruleRef }: { ruleRef: string }) {
  const loaded = useLoad((signal) => get<Rule>(`rules/${encodeURIComponent(ruleRef)}`, undefined, signal), [ruleRef]);
  const enforcements = useLoad((signal) => getPage<RuleEnforcement>('ruleenforcements', { rule: ruleRef, limit: 20 }, signal), [ruleRef]);
  const [error, setError] = useState<unknown>(null);
  const rule = loaded.data;
  return (
    <section class="page" aria-labelledby="rule-title">
      <p class="breadcrumbs"><a href={href('rules')}>Rules</a></p>
      <h1 id="rule-title">{ruleRef}</h1>
      {loaded.error !== null && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
      {error !== null && <ErrorPanel error={error} />}
      {rule && (
        <>
          <p>{rule.description}</p>
          <dl class="facts facts-inline">
            <dt>Trigger</dt><dd>{rule.trigger.type}</dd>
            <dt>Action</dt><dd><a href={href('actions', rule.action.ref)}>{rule.action.ref}</a></dd>
            <dt>State</dt><dd><EnableSwitch rule={rule} onChanged={loaded.set} onError={setError} /></dd>
            <dt>History</dt><dd><a href={hrefWithQuery(['executions'], { rule: rule.ref })}>executions this rule started</a></dd>
          </dl>
          <div class="columns">
            <section aria-labelledby="yaml-title">
              <h2 id="yaml-title">Definition</h2>
              <pre class="json" tabIndex={0} aria-label="Rule definition as YAML">{stringify(ruleYaml(rule))}</pre>
            </section>
            <section aria-labelledby="enforcements-title">
              <h2 id="enforcements-title">Recent enforcements</h2>
              {enforcements.error !== null && <ErrorPanel error={enforcements.error} onRetry={enforcements.reload} />}
              {enforcements.data && enforcements.data.items.length === 0 && <p class="empty">The rule has not fired yet.</p>}
              {enforcements.data && enforcements.data.items.length > 0 && (
                <table class="table">
                  <thead><tr><th scope="col">When</th><th scope="col">Trigger instance</th><th scope="col">Execution</th><th scope="col">Outcome</th></tr></thead>
                  <tbody>
                    {enforcements.data.items.map((e) => (
                      <tr key={e.id}>
                        <td>{formatTime(e.enforced_at)}</td>
                        <td><a href={href('triggerinstances', e.trigger_instance_id)}>{e.trigger_instance_id}</a></td>
                        <td>{e.execution_id ? <a href={href('executions', e.execution_id)}>{e.execution_id}</a> : '—'}</td>
                        <td>{e.failure_reason ?? e.status ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
          <RuleTester ruleRef={rule.ref} triggerType={rule.trigger.type} />
        </>
      )}
    </section>
  );
}

/** The rule in StackStorm's rule-file layout (the API's own fields such as id and uid left out). */
function ruleYaml(rule: Rule): Record<string, unknown> {
  const shaped: Record<string, unknown> = { name: rule.name, pack: rule.pack };
  if (rule.description) {
    shaped['description'] = rule.description;
  }
  shaped['enabled'] = rule.enabled;
  shaped['trigger'] = rule.trigger;
  if (rule.criteria && Object.keys(rule.criteria).length > 0) {
    shaped['criteria'] = rule.criteria;
  }
  shaped['action'] = rule.action;
  return shaped;
}
