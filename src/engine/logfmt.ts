// Redis's log line format: "pid:R dd Mon yyyy hh:mm:ss.mmm L message", computed from simulated
// Unix milliseconds without the Date object (the engine has no wall clock).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Days since 1970-01-01 -> [year, month 1-12, day] (Howard Hinnant's civil_from_days). */
export function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "22 Nov 2026 02:05:55.123" in UTC. */
export function formatLogTime(ms: number): string {
  const days = Math.floor(ms / 86400000);
  const rem = ms - days * 86400000;
  const [y, m, d] = civilFromDays(days);
  const h = Math.floor(rem / 3600000);
  const mi = Math.floor((rem % 3600000) / 60000);
  const s = Math.floor((rem % 60000) / 1000);
  const msec = rem % 1000;
  return `${pad(d)} ${MONTHS[m - 1]} ${y} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(msec, 3)}`;
}

export function formatLogLine(pid: number, role: 'M' | 'S' | 'C' | 'X', ms: number, level: string, text: string): string {
  return `${pid}:${role} ${formatLogTime(ms)} ${level} ${text}`;
}
