// The course: the lessons in the order a learner takes them. These ids are fixed: deep links
// (?lesson=ID&step=N) and checks use them.
export const COURSE: readonly string[] = [
  'first-sync', 'propagation', 'backlog', 'partial-resync', 'replication-id', 'heartbeats', 'min-replicas', 'wait',
  'output-buffer', 'diskless', 'chained', 'expiry', 'persistence-restart', 'failover', 'sentinel', 'myths',
];
