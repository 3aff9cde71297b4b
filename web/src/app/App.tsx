import { useEffect, useState } from 'preact/hooks';
import { currentKey, forgetKey } from '../api/key';
import { onStreamState, reconnectStream, type StreamState } from '../api/stream';
import { ActionList } from '../actions/ActionList';
import { ActionPage } from '../actions/ActionPage';
import { ExecutionList } from '../executions/ExecutionList';
import { ExecutionPage } from '../executions/ExecutionPage';
import { InquiryList } from '../inquiries/InquiryList';
import { InquiryPage } from '../inquiries/InquiryPage';
import { KeyList } from '../keys/KeyList';
import { PackList } from '../packs/PackList';
import { RuleList } from '../rules/RuleList';
import { RulePage } from '../rules/RulePage';
import { TriggerInstanceList } from '../triggers/TriggerInstanceList';
import { TriggerInstancePage } from '../triggers/TriggerInstancePage';
import { ErrorPanel } from '../ui/ErrorPanel';
import { href, route } from './route';
import { keyVersion } from './session';
import type { ApiError } from '../api/client';

const sections = [
  ['executions', 'Executions'],
  ['rules', 'Rules'],
  ['actions', 'Actions'],
  ['inquiries', 'Inquiries'],
  ['triggerinstances', 'Trigger instances'],
  ['keys', 'Key-value pairs'],
  ['packs', 'Packs'],
] as const;

export function App() {
  const { segments } = route.value;
  const section = segments[0] ?? 'executions';
  const id = segments[1];
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [segments.join('/')]);
  useEffect(() => {
    const title = sections.find(([s]) => s === section)?.[1] ?? 'ServerlessFlow';
    document.title = `${id ? `${id} · ` : ''}${title} · ServerlessFlow`;
  }, [section, id]);
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header class="top">
        <a class="brand" href={href('executions')}>ServerlessFlow</a>
        <nav aria-label="Sections">
          <ul>
            {sections.map(([s, label]) => (
              <li key={s}><a href={href(s)} aria-current={s === section ? 'page' : undefined}>{label}</a></li>
            ))}
          </ul>
        </nav>
        <Connection />
      </header>
      <main id="main" tabIndex={-1}>
        <Page section={section} id={id} />
      </main>
    </>
  );
}

function Page({ section, id }: { section: string; id: string | undefined }) {
  switch (section) {
    case 'executions':
      return id ? <ExecutionPage id={id} /> : <ExecutionList />;
    case 'rules':
      return id ? <RulePage ruleRef={id} /> : <RuleList />;
    case 'actions':
      return id ? <ActionPage actionRef={id} /> : <ActionList />;
    case 'inquiries':
      return id ? <InquiryPage id={id} /> : <InquiryList />;
    case 'triggerinstances':
      return id ? <TriggerInstancePage id={id} /> : <TriggerInstanceList />;
    case 'keys':
      return <KeyList />;
    case 'packs':
      return <PackList focus={id} />;
    default:
      return (
        <section class="page">
          <h1>Page not found</h1>
          <ErrorPanel error={new Error(`There is no console page #/${route.value.segments.join('/')}.`)} />
          <p><a href={href('executions')}>Go to the executions</a></p>
        </section>
      );
  }
}

/** The event stream's state: live, reconnecting (the server is down), or refused (the key). */
function Connection() {
  const [state, setState] = useState<StreamState>('connecting');
  const [error, setError] = useState<ApiError | null>(null);
  const version = keyVersion.value;
  useEffect(() => onStreamState((s, e) => { setState(s); setError(e); }), []);
  const text = {
    connecting: 'Connecting…',
    open: 'Live',
    retrying: 'Server unreachable — retrying',
    unavailable: 'No event stream — polling',
    refused: error?.kind === 'forbidden' ? 'API key refused' : 'API key needed',
  }[state];
  return (
    <div class="connection">
      <span class={`conn conn-${state}`} role="status" aria-live="polite" data-stream={state}>{text}</span>
      {currentKey() !== null && version >= 0 && (
        <button type="button" class="link-button" onClick={() => { forgetKey(); reconnectStream(); keyVersion.value++; }}>Forget key</button>
      )}
    </div>
  );
}
