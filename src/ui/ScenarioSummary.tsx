// What the loaded example shows, in the page's language.
import { exampleByName } from '../app/examples.ts';
import { useApp, useLang } from './context.ts';

export function ScenarioSummary() {
  const lang = useLang();
  const name = useApp((s) => s.scenario?.example ?? null);
  const ex = name ? exampleByName(name) : undefined;
  if (!ex) return null;
  const text = lang === 'zh-CN' && ex.summaryZh ? ex.summaryZh : ex.summary;
  return <p className="summary">{text}</p>;
}
