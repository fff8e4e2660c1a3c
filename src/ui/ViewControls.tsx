// The header's view controls: the colour theme and presenter mode ("P").
import { useT } from './context.ts';
import type { ThemeChoice } from './display.ts';
import './presenter.css';

export function ViewControls({ theme, onTheme, presenter, onPresenter }: {
  theme: ThemeChoice;
  onTheme(t: ThemeChoice): void;
  presenter: boolean;
  onPresenter(on: boolean): void;
}) {
  const t = useT();
  return (
    <div className="view-controls">
      <label className="inline">
        <span className="visually-hidden">{t('view.theme')}</span>
        <select value={theme} onChange={(e) => onTheme(e.target.value as ThemeChoice)} aria-label={t('view.theme')} data-testid="theme">
          <option value="system">{t('view.themeSystem')}</option>
          <option value="light">{t('view.themeLight')}</option>
          <option value="dark">{t('view.themeDark')}</option>
        </select>
      </label>
      <button type="button" className="present-btn" aria-pressed={presenter} onClick={() => onPresenter(!presenter)}
        title={`${t('view.presenterHint')} (P)`} aria-keyshortcuts="P" data-testid="presenter">
        {t('view.presenter')}
      </button>
    </div>
  );
}
