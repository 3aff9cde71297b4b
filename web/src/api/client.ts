import { currentKey } from './key';

/** What went wrong with an API call, as the console explains it to the user. */
export type ApiErrorKind = 'down' | 'unauthorized' | 'forbidden' | 'not-found' | 'bad-request' | 'conflict' | 'server' | 'unexpected';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const apiBase = '/api/v1';

export interface ApiCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiAnswer<T> {
  data: T;
  status: number;
  headers: Headers;
}

export function apiUrl(path: string, query?: ApiCall['query']): string {
  const url = `${apiBase}/${path.replace(/^\//, '')}`;
  if (!query) {
    return url;
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

export function authHeaders(): Record<string, string> {
  const key = currentKey();
  return key ? { 'St2-Api-Key': key } : {};
}

/** Calls the API with the key; every failure becomes an ApiError whose message says what happened. */
export async function call<T>(path: string, options: ApiCall = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders() };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError('down', 0, `The ServerlessFlow server at ${location.origin} does not answer. Is sflow serve running?`);
  }

  const text = await response.text();
  let data: unknown = undefined;
  if (text.length > 0) {
    try {
      data = JSON.parse(text);
    } catch {
      if (response.ok) {
        throw new ApiError('unexpected', response.status, `The server answered ${path} with something that is not JSON.`);
      }
    }
  }

  if (!response.ok) {
    throw errorFor(response.status, data, path);
  }

  return { data: data as T, status: response.status, headers: response.headers };
}

export function errorFor(status: number, data: unknown, path: string): ApiError {
  const fault = typeof data === 'object' && data !== null && 'faultstring' in data ? String((data as { faultstring: unknown }).faultstring) : null;
  switch (status) {
    case 401:
      return new ApiError('unauthorized', status, fault ?? 'This server needs an API key.');
    case 403:
      return new ApiError('forbidden', status, fault ?? 'The API key was refused.');
    case 404:
      return new ApiError('not-found', status, fault ?? `Nothing at ${path}.`);
    case 400:
    case 413:
    case 422:
      return new ApiError('bad-request', status, fault ?? `The server refused the request (${status}).`);
    case 409:
      return new ApiError('conflict', status, fault ?? 'The record changed meanwhile; try again.');
    case 502:
    case 503:
    case 504:
      return new ApiError('down', status, fault ?? `The server is unavailable (${status}).`);
    default:
      return new ApiError('server', status, fault ?? `The server failed (${status}).`);
  }
}

export async function get<T>(path: string, query?: ApiCall['query'], signal?: AbortSignal): Promise<T> {
  return (await call<T>(path, { query, signal })).data;
}

export interface Page<T> {
  items: T[];
  next: string | null;
  total: number | null;
}

/** One page of a list endpoint: the continuation token (X-Continuation-Token) or st2's X-Total-Count when present. */
export async function getPage<T>(path: string, query: ApiCall['query'], signal?: AbortSignal): Promise<Page<T>> {
  const answer = await call<T[]>(path, { query, signal });
  const total = answer.headers.get('X-Total-Count');
  return {
    items: Array.isArray(answer.data) ? answer.data : [],
    next: answer.headers.get('X-Continuation-Token'),
    total: total === null ? null : Number(total),
  };
}
