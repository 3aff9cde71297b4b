import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';

/** TanStack Virtual's core for fixed-height rows: only the rows in view (plus a few) are in the DOM. */
export function useVirtualRows(count: number, getScrollElement: () => HTMLElement | null, rowHeight: number): Virtualizer<HTMLElement, HTMLElement> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options = {
    count,
    getScrollElement,
    estimateSize: () => rowHeight,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    overscan: 12,
    onChange: () => rerender(0),
  };
  const [instance] = useState(() => new Virtualizer<HTMLElement, HTMLElement>(options));
  instance.setOptions(options);
  useLayoutEffect(() => instance._didMount(), [instance]);
  useLayoutEffect(() => instance._willUpdate());
  return instance;
}
