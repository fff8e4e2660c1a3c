// Strings of the playback mode switch (playback.*), follow mode's wait line and the time slider's
// compressed stretches, in English and Simplified Chinese. Redis's config names stay untranslated.

export const en = {
  'playback.mode': 'Playback',
  'playback.follow': 'Follow',
  'playback.followHint': 'Follow: slow while bytes cross a link, quick through silences',
  'playback.factor': 'Follow pace',
  'playback.steady': 'Steady',
  'playback.steadyHint': 'Steady: the same speed all the time',
  'playback.waitTimer': 'waiting: {name} on {node} — {left} left',
  'playback.waitTimerPeer': 'waiting: {name} on {node} ({peer}) — {left} left',
  'playback.waitEvent': 'waiting: nothing on the links until t = {t} ({left} left)',
  'playback.waitUnknown': 'waiting: nothing on the links, fast-forwarding to the next event',
  'playback.liveTimer': 'Fast-forwarding: waiting for {name} on {node}, {left} left.',
  'playback.liveEvent': 'Fast-forwarding: nothing on the links until t = {t}.',
  'playback.liveUnknown': 'Fast-forwarding: nothing on the links.',
  'playback.compressed': 'Fast-forwarded in follow mode: {list}',
  'playback.compressedItem': '{from} to {to}',
};

export const zh: Record<keyof typeof en, string> = {
  'playback.mode': '播放方式',
  'playback.follow': '跟随',
  'playback.followHint': '跟随：字节在链路上传输时放慢，空闲时快进',
  'playback.factor': '跟随节奏',
  'playback.steady': '匀速',
  'playback.steadyHint': '匀速：始终同一速度',
  'playback.waitTimer': '等待：{node} 上的 {name} — 还剩 {left}',
  'playback.waitTimerPeer': '等待：{node} 上的 {name}（{peer}）— 还剩 {left}',
  'playback.waitEvent': '等待：t = {t} 之前链路空闲（还剩 {left}）',
  'playback.waitUnknown': '等待：链路空闲，快进到下一个事件',
  'playback.liveTimer': '快进中：等待 {node} 上的 {name}，还剩 {left}。',
  'playback.liveEvent': '快进中：t = {t} 之前链路空闲。',
  'playback.liveUnknown': '快进中：链路空闲。',
  'playback.compressed': '跟随模式下快进过的时段：{list}',
  'playback.compressedItem': '{from} 至 {to}',
};
