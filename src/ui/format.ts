// How numbers are written on the page: simulated time in seconds, byte counts, replication IDs.

/** Simulated ms as seconds with millisecond precision: "12.402 s". */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

/** A byte count with a binary-prefixed hint: "1048576 B (1 MiB)". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${n} B (${Number(v.toFixed(1))} ${units[u]})`;
}

/** The first characters of a 40-character replication ID. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/**
 * A Redis log line as its prefix ("pid:role date time level ") and its message, so the message can
 * stand out: the message is the entry's `text`, the prefix what comes before it in the `line`.
 */
export function logLineParts(e: { readonly line: string; readonly text: string }): { prefix: string; message: string } {
  return { prefix: e.line.slice(0, Math.max(0, e.line.length - e.text.length)), message: e.text };
}
