// Simplified Chinese of ../lessons.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../lessons.ts';

export const zh: Record<keyof typeof en, string> = {
  'lessons.open': '课程',
  'lessons.openHint': '引导式课程：由模拟来回答问题的一系列课程',
  'welcome.title': '第一次来？试试引导式课程',
  'welcome.body': '一系列短课一步步讲解 Redis 复制：你先预测 Redis 会怎么做，模拟运行到那一刻，再告诉你猜得对不对。也可以直接用下面的示例自由探索。',
  'welcome.start': '从“{title}”开始',
  'welcome.index': '全部课程',
  'welcome.dismiss': '自由探索',
  'welcome.dismissHint': '隐藏这张卡片（页头的“课程”按钮仍然保留）',
};
