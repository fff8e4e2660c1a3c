// Simplified Chinese of ../playback.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../playback.ts';

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
