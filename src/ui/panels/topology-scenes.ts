// Scenarios the topology stage is shown and tested on: slow links so frames can be watched, a
// replica of a replica, a cut, a burst of writes to five replicas, and a replication loop.

/** m with replicas r1 and r2, and r3 a replica of r1. RDB m→r1 at 296–649 ms, r1→r3 at 6001–6353 ms,
 *  writes at 6853 ms, m–r2 cut at 8873 ms. */
export const CHAIN = `# A master, two replicas and a replica of a replica, on slow links so frames can be watched.
seed 11
node m r1 r2 r3
latency m r1 40ms
latency m r2 60ms
latency r1 r3 40ms
bandwidth m r1 100kbit
bandwidth r1 r3 100kbit
m> CONFIG SET repl-diskless-sync-delay 0
repeat 200 m> SET user:{i} name-{i}
r1> REPLICAOF m 6379
r2> REPLICAOF m 6379
until r1 online within 30s
until r2 online within 30s
r3> REPLICAOF r1 6380
until r3 online within 30s
sleep 500ms
repeat 5 m> INCR visits
sleep 20ms
m> SET greeting hello
sleep 2s
cut m r2
m> SET during-cut 1
sleep 2s
`;

/** Five replicas of m on 30 ms links; 1000 SETs at 501 ms. */
export const BUSY = `# Five replicas and a burst of 1000 writes: at most 12 pills per link, the rest counted.
seed 21
node m r1 r2 r3 r4 r5
latency m r1 30ms
latency m r2 30ms
latency m r3 30ms
latency m r4 30ms
latency m r5 30ms
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
r2> REPLICAOF m 6379
r3> REPLICAOF m 6379
r4> REPLICAOF m 6379
r5> REPLICAOF m 6379
until r5 online within 30s
sleep 200ms
repeat 1000 m> SET key:{i} value-{i}
sleep 1s
`;

/** Two nodes that each replicate the other (Redis accepts it; neither ever syncs). */
export const LOOP = `seed 3
node a b
a> REPLICAOF b 6380
b> REPLICAOF a 6379
sleep 100ms
`;

/** A chain three deep (m → r1 → r2 → r3) beside a second replica of m. */
export const DEEP = `seed 4
node m r1 r2 r3 r4
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
r4> REPLICAOF m 6379
until r1 online within 10s
r2> CONFIG SET repl-diskless-sync-delay 0
r2> REPLICAOF r1 6380
r1> CONFIG SET repl-diskless-sync-delay 0
until r2 online within 10s
r3> REPLICAOF r2 6381
until r3 online within 10s
`;
