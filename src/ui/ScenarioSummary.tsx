// What the loaded example shows, in the page's language. Commands in it (`r1> INFO replication`,
// see caption-markup.ts) are buttons that run them in that node's console.
import { summaryOf } from '../app/examples.ts';
import { CaptionText } from './CaptionText.tsx';
import { useApp, useLang } from './context.ts';
import { exampleSummary } from './i18n/lang.ts';
import { usePanelT } from './i18n/panels.ts';

export function ScenarioSummary() {
  const lang = useLang();
  const scenario = useApp((s) => s.scenario);
  const pick = useApp((s) => s.versionPick);
  const own = useApp((s) => s.scenarioVersion);
  const t = usePanelT();
  if (!scenario?.example) return null;
  const text = exampleSummary({ name: scenario.example, summary: summaryOf(scenario.text) }, lang);
  return (
    <p className="summary caption" data-testid="scenario-summary">
      <CaptionText text={text} />
      {/* The text describes the version the example was written for; a picked one may differ. */}
      {pick !== null && <> <span className="summary-version" data-testid="summary-version-note">{t('version.captionNote', { written: own ?? '7.0', version: pick })}</span></>}
    </p>
  );
}
