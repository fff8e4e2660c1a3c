// Strings of the panel gallery pages (gallery.html?panel=stream, ?panel=console), in English and
// Simplified Chinese; ../gallery-main.tsx adds them. Not part of the app.

export const en = {
  'stream.gallery.scenario': 'Scenario',
  'stream.gallery.mode': 'Backlog',
  'stream.gallery.cursor': 'Cursor',
  'stream.gallery.prev': 'Previous event',
  'stream.gallery.next': 'Next event',
  'stream.gallery.end': 'End',
  'stream.gallery.language': 'Language',
  'stream.gallery.loading': 'Running the scenario…',
  'stream.gallery.at': 't = {s} s',
  'console.gallery.moment': 'Moment',
  'console.gallery.back': 'Previous moment',
  'console.gallery.forward': 'Next moment',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'stream.gallery.scenario': '场景',
  'stream.gallery.mode': '积压缓冲区',
  'stream.gallery.cursor': '时间游标',
  'stream.gallery.prev': '上一个事件',
  'stream.gallery.next': '下一个事件',
  'stream.gallery.end': '结尾',
  'stream.gallery.language': '语言',
  'stream.gallery.loading': '正在运行场景…',
  'stream.gallery.at': 't = {s} 秒',
  'console.gallery.moment': '时刻',
  'console.gallery.back': '上一时刻',
  'console.gallery.forward': '下一时刻',
};
