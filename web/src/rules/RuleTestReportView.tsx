import type { CriterionTrace, RuleTestReport } from '../api/types';
import { JsonView } from '../ui/JsonView';

/** The rule tester's verdict: each criterion's key, the value found, the operator, the pattern and pass or fail. */
export function RuleTestReportView({ report }: { report: RuleTestReport }) {
  return (
    <article class={`rule-report ${report.matched ? 'matched' : 'not-matched'}`} aria-label={`Rule ${report.rule}: ${report.matched ? 'matches' : 'does not match'}`} data-testid="rule-report" data-matched={report.matched}>
      <h3>
        {report.rule}: <span class={`verdict ${report.matched ? 'verdict-pass' : 'verdict-fail'}`}>{report.matched ? 'would fire' : 'would not fire'}</span>
      </h3>
      {report.notes.length > 0 && <ul class="notes">{report.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
      {report.payload_problems.length > 0 && (
        <>
          <p>The payload does not fit the trigger type's schema:</p>
          <ul class="notes">{report.payload_problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </>
      )}
      {report.criteria.length > 0 ? (
        <table class="table criteria-table">
          <caption>Criteria</caption>
          <thead>
            <tr><th scope="col">Verdict</th><th scope="col">Key</th><th scope="col">Value</th><th scope="col">Operator</th><th scope="col">Pattern</th><th scope="col">Why</th></tr>
          </thead>
          <tbody>{report.criteria.map((c, i) => <CriterionRow key={i} trace={c} depth={0} />)}</tbody>
        </table>
      ) : report.trigger.rule === report.trigger.instance && report.payload_problems.length === 0 ? (
        <p>No criteria: every instance of {report.trigger.rule} matches.</p>
      ) : null}
      {report.error && <p class="field-error">Criteria error: {report.error}</p>}
      {report.parameters && (
        <>
          <h4>Action {report.action} would get</h4>
          <JsonView value={report.parameters} label="Rendered action parameters" />
        </>
      )}
      {report.parameters_error && <p class="field-error">The action parameters do not render: {report.parameters_error}</p>}
    </article>
  );
}

function CriterionRow({ trace, depth }: { trace: CriterionTrace; depth: number }) {
  const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));
  return (
    <>
      <tr class={trace.passed ? 'pass' : 'fail'} data-criterion={trace.key} data-passed={trace.passed}>
        <td><span class={`verdict ${trace.passed ? 'verdict-pass' : 'verdict-fail'}`}>{trace.passed ? 'pass' : 'fail'}</span></td>
        <td style={{ paddingLeft: `${0.5 + depth * 1.2}rem` }}><code>{trace.key}</code></td>
        <td><code class="value">{show(trace.value)}</code></td>
        <td>{trace.operator}</td>
        <td><code class="value">{show(trace.pattern)}</code></td>
        <td>{trace.reason}</td>
      </tr>
      {trace.children?.map((child, i) => <CriterionRow key={i} trace={child} depth={depth + 1} />)}
    </>
  );
}
