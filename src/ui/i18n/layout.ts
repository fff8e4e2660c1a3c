// Strings of the layouts for a projector and a phone: the ring beside the stage, the transport
// bar's folded part.
export const en = {
  'layout.ring': 'Replication backlog',
  'layout.moreControls': 'More time controls: until a replica is online, speed, trace hash',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'layout.ring': '复制积压缓冲区',
  'layout.moreControls': '更多时间控制：直到从节点上线、速度、轨迹哈希',
};
