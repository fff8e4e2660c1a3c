// A newcomer's first screen: a card offering the guided course next to free play. It does not
// block the page (the run below is live), and once dismissed it stays away (localStorage).
import { useEffect, useState } from 'react';
import { lessonIds } from '../../app/lessons/ids.ts';
import { useLang } from '../context.ts';
import { usePanelT } from '../i18n/panels.ts';
import { useLessonEnv } from './context.ts';
import { words } from './words.ts';

export function WelcomeCard({ onDismiss }: { onDismiss(): void }) {
  const t = usePanelT();
  const lang = useLang();
  const env = useLessonEnv();
  const first = lessonIds()[0] ?? null;
  const [title, setTitle] = useState<string | null>(null);
  useEffect(() => {
    if (!first) return;
    let live = true;
    void import('../../app/lessons/bundle.ts').then((m) => m.loadLesson(first)).then((l) => { if (live) setTitle(words(l.title, lang)); }, () => undefined);
    return () => { live = false; };
  }, [first, lang]);
  if (!first) return null;
  return (
    <section className="welcome" aria-labelledby="welcome-title" data-testid="welcome">
      <div className="welcome-text">
        <h2 id="welcome-title">{t('welcome.title')}</h2>
        <p>{t('welcome.body')}</p>
      </div>
      <div className="welcome-actions">
        <button type="button" className="primary-btn" onClick={() => env.start(first, 0)} data-testid="welcome-start">
          {t('welcome.start', { title: title ?? first })}
        </button>
        <button type="button" onClick={env.openIndex} data-testid="welcome-index">{t('welcome.index')}</button>
        <button type="button" onClick={onDismiss} title={t('welcome.dismissHint')} data-testid="welcome-dismiss">{t('welcome.dismiss')}</button>
      </div>
    </section>
  );
}
