// Byte counts as people read them (its own module: the stage's texts need it without the gauges).

/** Binary units, as Redis counts them (64mb = 67108864): "56 B", "3.6 KB", "256 MB". */
export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const s = v < 10 ? v.toFixed(1) : v.toFixed(0);
  return `${s.replace(/\.0$/, '')} ${units[u]}`;
}
