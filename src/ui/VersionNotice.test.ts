import { describe, expect, it } from 'vitest';
import { withSlaveof } from './VersionNotice.tsx';

describe('running a REPLICAOF scenario under a version before 5.0', () => {
  it('types SLAVEOF where a console typed REPLICAOF, and changes nothing else', () => {
    const text = '# REPLICAOF in a comment stays\nnode m r1\nr1> REPLICAOF m 6379\nnowait r2> replicaof m 6379\nexpect r1> ROLE ~ "slave"\nm> SET REPLICAOF 1\n';
    expect(withSlaveof(text)).toBe('# REPLICAOF in a comment stays\nnode m r1\nr1> SLAVEOF m 6379\nnowait r2> SLAVEOF m 6379\nexpect r1> ROLE ~ "slave"\nm> SET REPLICAOF 1\n');
  });
});
