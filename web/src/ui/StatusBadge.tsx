/** An execution's status as text with its colour (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`status status-${statusClass(status)}`} data-status={status}>{status}</span>;
}

export function statusClass(status: string): string {
  switch (status) {
    case 'succeeded':
      return 'ok';
    case 'failed':
    case 'timeout':
    case 'abandoned':
      return 'bad';
    case 'running':
    case 'resuming':
    case 'canceling':
    case 'pausing':
      return 'live';
    case 'paused':
    case 'pending':
    case 'delayed':
      return 'wait';
    case 'canceled':
      return 'off';
    default:
      return 'queued';
  }
}
