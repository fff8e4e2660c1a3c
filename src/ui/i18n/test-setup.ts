// Unit tests run with both languages' texts loaded, as the page has them once it has shown Chinese.
// (i18n.test.ts checks the loading itself on fresh modules.)
import { loadLang } from './lang.ts';

await loadLang('zh-CN');
