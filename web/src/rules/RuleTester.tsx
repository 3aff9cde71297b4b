import { useState } from 'preact/hooks';
import { call, getPage } from '../api/client';
import type { RuleTestAnswer, TriggerInstance } from '../api/types';
import { useLoad } from '../app/useLoad';
import { ErrorPanel } from '../ui/ErrorPanel';
import { formatTime } from '../ui/format';
import { RuleTestReportView } from './RuleTestReportView';

/** "Why didn't it fire?": pick a stored trigger instance of the rule's trigger type and run the rule tester on the server. */
export function RuleTester({ ruleRef, triggerType }: { ruleRef: string; triggerType: string }) {
  const instances = useLoad((signal) => getPage<TriggerInstance>('triggerinstances', { trigger: triggerType, limit: 50 }, signal), [triggerType]);
  const [chosen, setChosen] = useState('');
  const [answer, setAnswer] = useState<RuleTestAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const items = instances.data?.items ?? [];
  const test = async (event: Event) => {
    event.preventDefault();
    const id = chosen || items[0]?.id;
    if (!id) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await call<RuleTestAnswer>('ruletests', { method: 'POST', body: { rule: ruleRef, trigger_instance: id } });
      setAnswer(result.data);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="rule-tester" aria-labelledby="tester-title">
      <h2 id="tester-title">Why didn't it fire?</h2>
      <p class="muted">Runs the rule tester on the server against a stored trigger instance: nothing is run or recorded.</p>
      {instances.error !== null && <ErrorPanel error={instances.error} onRetry={instances.reload} />}
      {instances.data && items.length === 0 && <p class="empty">No trigger instance of {triggerType} is stored yet.</p>}
      {items.length > 0 && (
        <form class="inline-form" onSubmit={test}>
          <label>
            Trigger instance of {triggerType}
            <select name="trigger_instance" value={chosen || items[0]!.id} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
              {items.map((i) => (
                <option key={i.id} value={i.id}>{formatTime(i.occurrence_time)} · {i.id}{i.trace_tag ? ` · ${i.trace_tag}` : ''} · {i.status}</option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy} class="primary">Test the rule</button>
        </form>
      )}
      {error !== null && <ErrorPanel error={error} />}
      {answer && (
        <div aria-live="polite">
          <details>
            <summary>Payload of {answer.trigger_instance.id}</summary>
            <pre class="json" tabIndex={0}>{JSON.stringify(answer.trigger_instance.payload, null, 2)}</pre>
          </details>
          {answer.results.map((report) => <RuleTestReportView key={report.rule} report={report} />)}
        </div>
      )}
    </section>
  );
}
