// Simplified Chinese of ../link.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../link.ts';

export const zh: Record<keyof typeof en, string> = {
  'link.copy': '复制链接',
  'link.copyHint': '复制一个链接，在此刻打开这次运行（场景、种子和你的操作）',
  'link.copied': '链接已复制',
  'link.copyFailed': '无法访问剪贴板：请从文本框中复制链接。',
  'link.box': '指向这次运行此刻的链接',
  'link.broken.base64': '此链接已损坏：其中的运行数据含有链接中不可能出现的字符，部分字符被改动或丢失。',
  'link.broken.deflate': '此链接被截断或已损坏：无法解开其中的运行数据。请重新复制完整的链接。',
};
