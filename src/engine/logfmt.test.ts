import { describe, expect, it } from 'vitest';
import { formatLogLine, formatLogTime } from './logfmt.ts';

describe('log line format', () => {
  it('prints the UTC date and milliseconds the way Redis does', () => {
    // 2026-11-22T02:05:55.123Z
    expect(formatLogTime(1795313155123)).toBe('22 Nov 2026 02:05:55.123');
  });
  it('handles leap days', () => {
    expect(formatLogTime(Date.UTC(2024, 1, 29, 23, 59, 59, 7))).toBe('29 Feb 2024 23:59:59.007');
  });
  it('puts pid, role and level before the message', () => {
    expect(formatLogLine(4242, 'S', 0, '*', 'MASTER <-> REPLICA sync started')).toBe('4242:S 01 Jan 1970 00:00:00.000 * MASTER <-> REPLICA sync started');
  });
});
