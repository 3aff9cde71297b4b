import { useState } from 'preact/hooks';
import { call, get } from '../api/client';
import type { Inquiry, ParameterSchema } from '../api/types';
import { href } from '../app/route';
import { useLoad } from '../app/useLoad';
import { SchemaForm } from '../forms/SchemaForm';
import { ErrorPanel } from '../ui/ErrorPanel';
import { JsonView } from '../ui/JsonView';

/** One inquiry and a response form generated from its schema. */
export function InquiryPage({ id }: { id: string }) {
  const loaded = useLoad((signal) => get<Inquiry>(`inquiries/${encodeURIComponent(id)}`, undefined, signal), [id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [answered, setAnswered] = useState<Record<string, unknown> | null>(null);
  const inquiry = loaded.data;
  const schema: ParameterSchema = inquiry?.schema ?? {};
  const properties = (schema.properties ?? {}) as Record<string, ParameterSchema>;
  const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
  return (
    <section class="page" aria-labelledby="inquiry-title">
      <p class="breadcrumbs"><a href={href('inquiries')}>Inquiries</a></p>
      <h1 id="inquiry-title">Inquiry {id}</h1>
      {loaded.error !== null && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
      {inquiry && (
        <>
          {schema.description && <p class="lead">{String(schema.description)}</p>}
          <dl class="facts facts-inline">
            <dt>Status</dt><dd>{answered ? 'responded' : inquiry.status}</dd>
            {inquiry.parent && (<><dt>Workflow</dt><dd><a href={href('executions', inquiry.parent)}>{inquiry.parent}</a></dd></>)}
            {inquiry.route && (<><dt>Route</dt><dd>{inquiry.route}</dd></>)}
          </dl>
          {answered !== null ? (
            <div class="success" role="status">
              <p>Response sent; the workflow carries on.{inquiry.parent && <> <a href={href('executions', inquiry.parent)}>Open the workflow</a>.</>}</p>
              <JsonView value={answered} label="Response" />
            </div>
          ) : inquiry.status === 'pending' ? (
            <>
              <h2>Respond</h2>
              {error !== null && <ErrorPanel error={error} />}
              <SchemaForm
                idPrefix="response"
                properties={properties}
                required={required}
                submitLabel="Send response"
                busy={busy}
                onSubmit={async (response) => {
                  setBusy(true);
                  setError(null);
                  try {
                    const answer = await call<{ response: Record<string, unknown> }>(`inquiries/${encodeURIComponent(id)}`, { method: 'PUT', body: { response } });
                    setAnswered(answer.data.response ?? response);
                  } catch (failure) {
                    setError(failure);
                  } finally {
                    setBusy(false);
                  }
                }}
              />
            </>
          ) : (
            <>
              <h2>Response</h2>
              <JsonView value={inquiry.response} label="Response" />
            </>
          )}
        </>
      )}
    </section>
  );
}
