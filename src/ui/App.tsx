// The page: creates the app store, loads what the URL asks for, binds the keys, and lays out the
// header, the notices, the cluster, the log, the transcript, the actions and the transport bar.
import { useCallback, useEffect, useRef, useState } from 'react';
import { createAppStore } from '../app/store.ts';
import { readBootParams } from '../app/url.ts';
import { applyPresenter, applyTheme, initialPresenter, initialTheme, keepFieldInView, type ThemeChoice } from './display.ts';
import { ViewControls } from './ViewControls.tsx';
import { AnnounceContext, createAnnouncer } from './announce.ts';
import { LangContext, StoreContext } from './context.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { FaultPanel } from './FaultPanel.tsx';
import { Header } from './Header.tsx';
import type { Lang } from './i18n.ts';
import { bindKeys } from './keys.ts';
import { PageLiveRegion } from './LiveRegion.tsx';
import { LoadErrors } from './LoadErrors.tsx';
import { WorkProgress } from './WorkProgress.tsx';
import { VersionNotice } from './VersionNotice.tsx';
import { createCommandBus, RunCommandContext } from './run-command.ts';
import { Inspector } from './Inspector.tsx';
import { RingSection } from './RingSection.tsx';
import { Stage } from './Stage.tsx';
import { StreamSection } from './StreamSection.tsx';
import './theme.css';
import { ScenarioSummary } from './ScenarioSummary.tsx';
import { ShortcutsButton } from './ShortcutsButton.tsx';
import { TransportBar } from './TransportBar.tsx';
import { bootLang, langLoaded, useLanguage } from './i18n/lang.ts';
import { panelT } from './i18n/panels.ts';
import { useFitToViewport } from './use-fit.ts';
import { useLessons } from './lessons/use-lessons.ts';
import { LessonContext } from './lessons/context.ts';
import { LessonsButton } from './lessons/LessonsButton.tsx';
import { WelcomeCard } from './lessons/WelcomeCard.tsx';
import { useMediaQuery } from './use-media-query.ts';
import {
  ActPanel, BranchList, CompareView, ConsoleSection, EventLog, FidelityNotes, LessonIndex, LessonPanel, ShortcutsDialog, Transcript,
} from './lazy-panels.tsx';

/** Phones: the stage first, the example's summary under it, the transport bar folded. */
const PHONE = '(max-width: 640px)';

/** The link's or the browser's language, once main.tsx has loaded it (English if that failed). */
function initialLang(): Lang {
  const lang = bootLang(location.search, navigator.language);
  return langLoaded(lang) ? lang : 'en';
}

function moreLabel(lang: Lang): string {
  return panelT(lang)('more.section');
}

export function App() {
  // Playback simulates at most 6 ms per frame, so frames keep coming when a run is heavy.
  const [store] = useState(() => createAppStore({ playBudget: { ms: 3, clock: () => performance.now() } }));
  // Choosing a language waits for its texts to load (main.tsx loads the first one before drawing).
  const [lang, setLang] = useLanguage(initialLang);
  // The live region's message is not page state: a new one re-renders the region alone.
  const [announcer] = useState(createAnnouncer);
  const announce = announcer.announce;
  const [selected, setSelected] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  const [commands] = useState(createCommandBus);
  const [boot] = useState(() => readBootParams(location.search));
  const [theme, setTheme] = useState<ThemeChoice>(() => initialTheme(boot.theme));
  const [presenter, setPresenter] = useState(() => initialPresenter(boot.present));
  const togglePresenter = useCallback(() => setPresenter((on) => !on), []);
  const phone = useMediaQuery(PHONE);
  const lessons = useLessons(store, boot);
  // The stage's row fills the first screen; in presenter mode the stream lane shows under it too.
  const row = useRef<HTMLDivElement>(null);
  const lane = useRef<HTMLDivElement>(null);
  useFitToViewport(row, presenter ? lane : null, `${presenter}|${phone}|${lessons.active}`);

  useEffect(() => {
    // A lesson link opens the lesson (its own scenario); anything else boots as before.
    if (!lessons.bootsLesson) void store.getState().boot(boot);
  }, [store, boot, lessons.bootsLesson]);
  useEffect(() => bindKeys(store, window, openHelp, togglePresenter), [store, openHelp, togglePresenter]);
  useEffect(() => keepFieldInView(window), []);
  // A theme or presenter mode given in the URL is for this visit; a choice made on the page is remembered.
  const [fromUrl] = useState(() => ({ theme: boot.theme !== null, present: boot.present }));
  useEffect(() => applyTheme(theme, document.documentElement, !fromUrl.theme || theme !== boot.theme), [theme, fromUrl, boot]);
  useEffect(() => applyPresenter(presenter, document.documentElement, !fromUrl.present || !presenter), [presenter, fromUrl]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <StoreContext.Provider value={store}>
      <LangContext.Provider value={lang}>
        <AnnounceContext.Provider value={announce}>
          <RunCommandContext.Provider value={commands}>
          <LessonContext.Provider value={lessons.env}>
          <ErrorBoundary store={store} lang={lang}>
            <div className="shell">
              <div className="header-bar">
                <Header lang={lang} onLang={setLang} />
                <ViewControls theme={theme} onTheme={setTheme} presenter={presenter} onPresenter={setPresenter} />
                <LessonsButton />
                <ShortcutsButton onOpen={openHelp} />
              </div>
              {lessons.welcome && !phone && <WelcomeCard onDismiss={lessons.dismissWelcome} />}
              {!phone && !presenter && <ScenarioSummary />}
              <LoadErrors />
              <VersionNotice />
              <CompareView />
              <FaultPanel />
              <main className="screen">
                <div className={lessons.active ? 'row-top with-lesson' : 'row-top'} ref={row}>
                  <Stage selected={selected} onSelect={setSelected} />
                  {lessons.active && <LessonPanel />}
                  {phone && <ScenarioSummary />}
                  {presenter && !phone ? <RingSection /> : <Inspector selected={selected} onSelect={setSelected} />}
                </div>
                {lessons.welcome && phone && <WelcomeCard onDismiss={lessons.dismissWelcome} />}
                <div className="lane-slot" ref={lane}>
                  <StreamSection />
                </div>
                {presenter && !phone && <ScenarioSummary />}
                {presenter && !phone && <Inspector selected={selected} onSelect={setSelected} />}
                <div className="row-bottom">
                  <ConsoleSection selected={selected} onSelect={setSelected} />
                  <EventLog />
                </div>
                <details className="more" open>
                  <summary>{moreLabel(lang)}</summary>
                  <div className="layout">
                    <div className="col-main">
                      <Transcript />
                    </div>
                    <div className="col-side">
                      <ActPanel />
                      <BranchList />
                    </div>
                  </div>
                  <FidelityNotes />
                </details>
              </main>
            </div>
            <TransportBar />
            <WorkProgress />
            <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
            <LessonIndex open={lessons.indexOpen} onClose={lessons.closeIndex} />
            <PageLiveRegion announcer={announcer} />
          </ErrorBoundary>
          </LessonContext.Provider>
          </RunCommandContext.Provider>
        </AnnounceContext.Provider>
      </LangContext.Provider>
    </StoreContext.Provider>
  );
}
