// The page header: the name, the scenario picker (the shipped examples; choosing one puts it in
// the URL), the Redis version switch, "Copy link" and the language switch.
import { EXAMPLE_NAMES } from '../app/examples.ts';
import { isRedisVersion, type RedisVersion } from '../engine/version.ts';
import { linkSearch } from '../app/url.ts';
import { useApp, useT } from './context.ts';
import { CopyLink } from './CopyLink.tsx';
import type { Lang } from './i18n.ts';
import { VersionPicker } from './VersionPicker.tsx';
import { useLesson } from './lessons/context.ts';

/** Puts the chosen example in the address bar (?example=NAME), keeping the language, theme, presenter mode and an open comparison. */
function showExampleInUrl(name: string): void {
  const compare = new URLSearchParams(location.search).get('compare');
  const target = isRedisVersion(compare ?? '') ? { example: name, compare: compare as RedisVersion } : { example: name };
  history.replaceState(history.state, '', `${location.pathname}${linkSearch(location.search, target)}${location.hash}`);
}

export function Header({ lang, onLang }: { lang: Lang; onLang: (l: Lang) => void }) {
  const t = useT();
  const scenario = useApp((s) => s.scenario);
  const load = useApp((s) => s.load);
  const value = scenario?.example ?? '';
  // During a lesson the run is the lesson's scenario: the picker names the lesson.
  const lessonTitle = useLesson((l) => (l.lesson && scenario && !scenario.example && scenario.name === l.lesson.id
    ? (lang === 'zh-CN' ? l.lesson.title.zh : l.lesson.title.en) : null));
  return (
    <header className="header">
      <h1>
        {t('header.title')} <span className="tag">{t('app.tagline')}</span>
      </h1>
      <label className="picker">
        <span>{t('app.example')}</span>
        <select value={value} onChange={(e) => {
          const name = e.target.value;
          void load({ example: name }).then((ok) => { if (ok) showExampleInUrl(name); });
        }} data-testid="example-picker">
          {scenario && !scenario.example && <option value="">{lessonTitle ? t('header.lessonScenario', { title: lessonTitle }) : t('header.customScenario')}</option>}
          {EXAMPLE_NAMES.map((name) => (
            <option key={name} value={name}>{name}</option>
          ))}
        </select>
      </label>
      <VersionPicker />
      <CopyLink />
      <div className="lang" role="group" aria-label={t('app.language')}>
        <button type="button" lang="en" aria-pressed={lang === 'en'} onClick={() => onLang('en')} title={t('header.langEnName')}>
          {t('header.langEn')}
        </button>
        <button type="button" lang="zh-CN" aria-pressed={lang === 'zh-CN'} onClick={() => onLang('zh-CN')} title={t('header.langZhName')}>
          {t('header.langZh')}
        </button>
      </div>
    </header>
  );
}
