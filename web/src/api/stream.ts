import { createParser } from 'eventsource-parser';
import { apiUrl, authHeaders, errorFor, type ApiError } from './client';
import type { Execution } from './types';

// The event stream (GET /api/v1/stream, server-sent events as st2stream sends them: `event: st2.execution__update`,
// `data: {execution}`). Read with fetch rather than EventSource, so the API key goes in the St2-Api-Key header instead of
// the URL; eventsource-parser parses the frames.

/** connecting; open (events flow); retrying (the server does not answer); unavailable (a server without the stream: the
 * console polls instead); refused (the API key). */
export type StreamState = 'connecting' | 'open' | 'retrying' | 'unavailable' | 'refused';

export interface StreamEvent {
  event: string;
  data: unknown;
}

export type StreamListener = (event: StreamEvent) => void;

const listeners = new Set<StreamListener>();
const stateListeners = new Set<(state: StreamState, error: ApiError | null) => void>();
let controller: AbortController | null = null;
let state: StreamState = 'connecting';
let lastError: ApiError | null = null;
let retryDelay = 1000;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

function setState(next: StreamState, error: ApiError | null): void {
  state = next;
  lastError = error;
  for (const listener of stateListeners) {
    listener(next, error);
  }
}

/** Receives every event; returns the function that stops listening. Opens the stream on first use. */
export function onStreamEvent(listener: StreamListener): () => void {
  listeners.add(listener);
  ensureOpen();
  return () => listeners.delete(listener);
}

/** Receives each change of the connection's state (now and later). */
export function onStreamState(listener: (state: StreamState, error: ApiError | null) => void): () => void {
  stateListeners.add(listener);
  listener(state, lastError);
  ensureOpen();
  return () => stateListeners.delete(listener);
}

/** Executions created or updated, from the stream's execution events. */
export function onExecutionEvent(listener: (execution: Execution, kind: 'create' | 'update' | 'delete') => void): () => void {
  return onStreamEvent(({ event, data }) => {
    const match = /^st2\.execution__(create|update|delete)$/.exec(event);
    if (match && typeof data === 'object' && data !== null && 'id' in data) {
      listener(data as Execution, match[1] as 'create' | 'update' | 'delete');
    }
  });
}

/** Drops the connection and connects again at once (after the key changed). */
export function currentStreamState(): StreamState {
  return state;
}

export function reconnectStream(): void {
  controller?.abort();
  controller = null;
  if (retryTimer !== null) {
    clearTimeout(retryTimer);
    retryTimer = null;
  }
  retryDelay = 1000;
  ensureOpen();
}

function ensureOpen(): void {
  if (controller !== null || retryTimer !== null) {
    return;
  }
  controller = new AbortController();
  void run(controller);
}

async function run(own: AbortController): Promise<void> {
  setState('connecting', null);
  try {
    const response = await fetch(apiUrl('stream'), {
      headers: { Accept: 'text/event-stream', ...authHeaders() },
      signal: own.signal,
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!response.ok || response.body === null) {
      const text = await response.text().catch(() => '');
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
      const error = errorFor(response.status, data, 'stream');
      if (error.kind === 'unauthorized' || error.kind === 'forbidden') {
        controller = null;
        setState('refused', error);
        return;
      }
      if (error.kind === 'not-found') {
        controller = null;
        setState('unavailable', error);
        retryTimer = setTimeout(() => {
          retryTimer = null;
          ensureOpen();
        }, 30_000);
        return;
      }
      throw error;
    }

    retryDelay = 1000;
    setState('open', null);
    const parser = createParser({
      onEvent(message) {
        let data: unknown = message.data;
        try {
          data = JSON.parse(message.data);
        } catch {
          // Not JSON: passed on as text.
        }
        for (const listener of listeners) {
          listener({ event: message.event ?? 'message', data });
        }
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      parser.feed(value);
    }
    throw new Error('The event stream ended.');
  } catch (error) {
    if (own.signal.aborted) {
      return;
    }
    controller = null;
    setState('retrying', error instanceof Error && 'kind' in error ? (error as ApiError) : null);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      ensureOpen();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 10_000);
  }
}
