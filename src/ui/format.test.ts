// How numbers, IDs and log lines are written on the page.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatSeconds, shortId, logLineParts } from './format.ts';

describe('page formats', () => {
  it('writes simulated time in seconds with milliseconds', () => {
    expect(formatSeconds(12402)).toBe('12.402 s');
    expect(formatSeconds(0)).toBe('0.000 s');
  });

  it('writes byte counts exactly, with a readable hint', () => {
    expect(formatBytes(56)).toBe('56 B');
    expect(formatBytes(1048576)).toBe('1048576 B (1 MiB)');
  });

  it('shortens replication IDs', () => {
    expect(shortId('6aa923cbae131de227565b2da2a365f9ebee0cae')).toBe('6aa923cb…');
  });

  it("splits a Redis log line into its prefix and message", () => {
    const text = 'Replica 127.0.0.1:6380 asks for synchronization';
    expect(logLineParts({ line: `52344:M 01 Jan 2026 00:00:00.007 * ${text}`, text })).toEqual({
      prefix: '52344:M 01 Jan 2026 00:00:00.007 * ', message: text,
    });
    expect(logLineParts({ line: 'something else', text: 'something else' })).toEqual({ prefix: '', message: 'something else' });
  });
});
