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
