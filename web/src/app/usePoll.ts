import { useEffect, useRef, useState } from 'preact/hooks';
import { onStreamState, type StreamState } from '../api/stream';

/** Calls `poll` every `intervalMs` while `active` and the event stream is not delivering events, so the page stays current
 * without a reload on a server without the stream or while it reconnects. */
export function usePollWithoutStream(active: boolean, poll: () => void, intervalMs: number): void {
  const [state, setState] = useState<StreamState>('connecting');
  const latest = useRef(poll);
  latest.current = poll;
  useEffect(() => onStreamState((s) => setState(s)), []);
  useEffect(() => {
    if (!active || state === 'open' || state === 'refused') {
      return;
    }
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [active, state, intervalMs]);
}
