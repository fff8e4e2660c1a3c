// Simplified Chinese of ../layout.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../layout.ts';

export const zh: Record<keyof typeof en, string> = {
  'layout.ring': '复制积压缓冲区',
  'layout.moreControls': '更多时间控制：直到从节点上线、速度、轨迹哈希',
};
