// A lesson's words in the page's language.
import type { Words } from '../../app/lessons/types.ts';

export function words(w: Words, lang: string): string {
  return lang === 'zh-CN' ? w.zh : w.en;
}
