import { describe, expect, it } from 'vitest';
import { createAnnouncer } from './announce.ts';

describe('the announcer the live region reads', () => {
  it('holds the last message and tells its readers once per new message', () => {
    const a = createAnnouncer();
    const heard: string[] = [];
    const stop = a.subscribe(() => heard.push(a.current()));
    a.announce('Link copied');
    a.announce('Link copied');
    a.announce('Paused at 1.2 s');
    stop();
    a.announce('not heard');
    expect(heard).toEqual(['Link copied', 'Paused at 1.2 s']);
    expect(a.current()).toBe('not heard');
  });
});
