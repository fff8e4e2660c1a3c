// The i18n catalogue: every user-facing string, in English and Simplified Chinese. Redis's own
// tokens (commands, INFO fields, log lines, error strings) stay untranslated in both.

export type Lang = 'en' | 'zh-CN';

const en = {
  'app.tagline': 'Redis replication, byte by byte',
  'app.example': 'Scenario',
  'app.run': 'Run again',
  'app.language': 'Language',
  'app.transcript': 'Transcript',
  'app.traceHash': 'Trace hash',
  'app.running': 'Running…',
  'app.done': 'Done',
  'app.events': 'events',
  'app.simTime': 'simulated time',
  'app.badScenario': 'This scenario could not be read:',
  'app.crashed': 'The simulator stopped with an error:',
} as const;

export type MsgKey = keyof typeof en;

const zh: Record<MsgKey, string> = {
  'app.tagline': 'Redis 主从复制，逐字节呈现',
  'app.example': '场景',
  'app.run': '重新运行',
  'app.language': '语言',
  'app.transcript': '执行记录',
  'app.traceHash': '轨迹哈希',
  'app.running': '运行中…',
  'app.done': '完成',
  'app.events': '个事件',
  'app.simTime': '模拟时间',
  'app.badScenario': '无法读取此场景：',
  'app.crashed': '模拟器因错误停止：',
};

export const CATALOGUE: Record<Lang, Record<MsgKey, string>> = { en, 'zh-CN': zh };

export function t(lang: Lang, key: MsgKey, vars: Record<string, string | number> = {}): string {
  let s = CATALOGUE[lang][key] ?? CATALOGUE.en[key];
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}
