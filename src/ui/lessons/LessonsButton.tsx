// "Lessons" in the header bar: opens the lesson index.
import { usePanelT } from '../i18n/panels.ts';
import { useLessonEnv } from './context.ts';

export function LessonsButton() {
  const t = usePanelT();
  const env = useLessonEnv();
  return (
    <button type="button" className="lessons-btn" onClick={env.openIndex} title={t('lessons.openHint')} aria-haspopup="dialog" data-testid="lessons-button">
      {t('lessons.open')}
    </button>
  );
}
