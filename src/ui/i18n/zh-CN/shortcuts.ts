// Simplified Chinese of ../shortcuts.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../shortcuts.ts';

export const zh: Record<keyof typeof en, string> = {
  'shortcuts.open': '键盘快捷键',
  'shortcuts.play': '播放/暂停',
  'shortcuts.stepBack': '后退一步',
  'shortcuts.stepForward': '前进一步',
  'shortcuts.prevMark': '跳到时间滑块上的上一个事件标记',
  'shortcuts.nextMark': '跳到时间滑块上的下一个事件标记',
  'shortcuts.help': '显示本帮助',
  'shortcuts.presenter': '打开 / 关闭演示模式（为投影仪放大字体）',
};
