// Strings of the layouts for a projector and a phone: the ring beside the stage, the transport
// bar's folded part.
export const en = {
  'layout.ring': 'Replication backlog',
  'layout.moreControls': 'More time controls: until a replica is online, speed, trace hash',
} as const;
