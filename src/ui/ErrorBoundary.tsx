// Catches a rendering error anywhere below it and shows the error with the scenario to copy,
// so the page never goes blank.
import { Component, type ReactNode } from 'react';
import type { AppStore } from '../app/store.ts';
import { CopyText } from './CopyText.tsx';
import { LangContext } from './context.ts';
import { t, type Lang } from './i18n.ts';

interface Props {
  store: AppStore;
  lang: Lang;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const s = this.props.store.getState();
    let text: string;
    try {
      text = s.exportScenario() ?? s.scenario?.text ?? '';
    } catch {
      text = s.scenario?.text ?? '';
    }
    const lang = this.props.lang;
    return (
      <LangContext.Provider value={lang}>
        <main className="shell">
          <section className="notice bad" role="alert" data-testid="error-boundary">
            <p className="notice-title">{t(lang, 'boundary.title')}</p>
            <pre className="errors">{error.message}</pre>
            {text && <pre className="scenario-text">{text}</pre>}
            <div className="row">
              {text && <CopyText text={text} />}
              <button type="button" onClick={() => location.reload()}>{t(lang, 'boundary.reload')}</button>
            </div>
          </section>
        </main>
      </LangContext.Provider>
    );
  }
}
