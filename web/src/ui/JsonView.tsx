/** A value as indented JSON, in a scrollable, focusable block so keyboard users can scroll it. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  return (
    <pre class="json" tabIndex={0} aria-label={label}>
      {text === '' ? <span class="muted">(none)</span> : text}
    </pre>
  );
}
