// "Lessons" in the header bar: opens the lesson index (a book icon alone on a phone).
import { usePanelT } from '../i18n/panels.ts';
import { useLessonEnv } from './context.ts';

export function LessonsButton() {
  const t = usePanelT();
  const env = useLessonEnv();
  return (
    <button type="button" className="lessons-btn" onClick={env.openIndex} title={t('lessons.openHint')} aria-label={t('lessons.open')} aria-haspopup="dialog" data-testid="lessons-button">
      <svg className="icon" width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M4 5.5C4 4.7 4.7 4 5.5 4H11v15H5.5C4.7 19 4 19.7 4 20.5zM20 5.5c0-.8-.7-1.5-1.5-1.5H13v15h5.5c.8 0 1.5.7 1.5 1.5z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      </svg>
      <span className="lessons-label">{t('lessons.open')}</span>
    </button>
  );
}
