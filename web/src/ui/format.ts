// Times and durations as the console shows them.

export function parseTime(text: string | null | undefined): number | null {
  if (!text) {
    return null;
  }
  const value = Date.parse(text);
  return Number.isNaN(value) ? null : value;
}

export function formatTime(text: string | null | undefined): string {
  const value = parseTime(text);
  if (value === null) {
    return '';
  }
  const date = new Date(value);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || ms < 0) {
    return '';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${Math.round(seconds % 60)} s`;
  }
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** From start to end, or to now while it runs. */
export function durationOf(start: string | null | undefined, end: string | null | undefined, now = Date.now()): number | null {
  const from = parseTime(start);
  if (from === null) {
    return null;
  }
  const to = parseTime(end) ?? now;
  return to - from;
}

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-5)}` : id;
}
