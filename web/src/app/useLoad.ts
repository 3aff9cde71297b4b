import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { keyVersion } from './session';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  set: (data: T) => void;
}

/** Loads with `load` whenever `deps` (or the API key) change; a newer load cancels an older one. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const current = useRef<AbortController | null>(null);
  const version = keyVersion.value;

  useEffect(() => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setLoading(true);
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) {
          setData(value);
          setError(null);
          setLoading(false);
        }
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) {
          setError(failure);
          setLoading(false);
        }
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, version]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, set: setData };
}
