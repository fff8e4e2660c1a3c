// What the loaded example shows, in the page's language. Commands in it (`r1> INFO replication`,
// see caption-markup.ts) are buttons that run them in that node's console.
import { exampleByName } from '../app/examples.ts';
import { CaptionText } from './CaptionText.tsx';
import { useApp, useLang } from './context.ts';

export function ScenarioSummary() {
  const lang = useLang();
  const name = useApp((s) => s.scenario?.example ?? null);
  const ex = name ? exampleByName(name) : undefined;
  if (!ex) return null;
  const text = lang === 'zh-CN' && ex.summaryZh ? ex.summaryZh : ex.summary;
  return (
    <p className="summary caption" data-testid="scenario-summary">
      <CaptionText text={text} />
    </p>
  );
}
