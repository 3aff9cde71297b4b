import { ApiError } from '../api/client';
import { KeyForm } from './KeyForm';

/** Says what went wrong, in words, never a blank page. A refused or missing key offers the key form. */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const apiError = error instanceof ApiError ? error : null;
  const title = apiError ? titleFor(apiError) : 'Something went wrong';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <section class="error-panel" role="alert" data-error-kind={apiError?.kind ?? 'unknown'}>
      <h2>{title}</h2>
      <p>{message}</p>
      {apiError && (apiError.kind === 'unauthorized' || apiError.kind === 'forbidden') && <KeyForm refused={apiError.kind === 'forbidden'} />}
      {onRetry && apiError?.kind !== 'unauthorized' && apiError?.kind !== 'forbidden' && (
        <button type="button" onClick={onRetry}>Try again</button>
      )}
    </section>
  );
}

function titleFor(error: ApiError): string {
  switch (error.kind) {
    case 'down':
      return 'The server is not reachable';
    case 'unauthorized':
      return 'An API key is needed';
    case 'forbidden':
      return 'The API key was refused';
    case 'not-found':
      return 'Not found';
    case 'bad-request':
      return 'The server refused the request';
    case 'conflict':
      return 'Conflict';
    default:
      return 'The server failed';
  }
}
