// The transport bar, fixed at the bottom: play/pause, step, run to end, "until NODE online" (from
// the action catalogue), the speed and the time slider, and the run's trace hash. On a phone the
// bar is folded to the slider and the four main buttons; "⋯" unfolds the rest.
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { actionById, type ActionEnv, type ActionId } from '../app/actions.ts';
import { useAnnounce } from './announce.ts';
import { useApp, useAppStore, useT } from './context.ts';
import { formatSeconds } from './format.ts';
import { usePanelT } from './i18n/panels.ts';
import { Icon } from './Icon.tsx';
import { RunStatus } from './RunStatus.tsx';
import { SpeedControl } from './SpeedControl.tsx';
import { TimeSlider } from './TimeSlider.tsx';

export function TransportBar() {
  const t = useT();
  const bar = useRef<HTMLDivElement>(null);
  // The page keeps room for the bar, whatever its height after wrapping.
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => document.documentElement.style.setProperty('--transport-h', `${el.offsetHeight}px`));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const pt = usePanelT();
  const [more, setMore] = useState(false);
  const extraId = useId();
  const announce = useAnnounce();
  const playing = useApp((s) => s.playing);
  const ready = useApp((s) => s.timeline !== null && s.fault === null);
  const replicas = useApp((s) => s.views.filter((v) => v.role === 'replica').map((v) => `${v.name}:${v.linkUp ? 1 : 0}`).join(' '));
  const store = useAppStore();
  const env: ActionEnv = { store };
  const run = (id: ActionId) => () => { void actionById(id).run(env, {}); };

  const until = async (node: string) => {
    const ok = await actionById('untilOnline').run(env, { node }) === true;
    const at = formatSeconds(store.getState().cursorMs);
    announce(ok ? t('live.online', { node, t: at }) : t('live.notOnline', { node, t: at }));
  };

  return (
    <div className="transport" ref={bar} data-more={more} role="region" aria-label={t('transport.label')} data-testid="transport">
      <TimeSlider />
      <div className="transport-row">
        <div className="buttons">
          <button type="button" className="icon-btn" onClick={run('stepBack')} disabled={!ready} aria-label={t('transport.stepBack')} title={`${t('transport.stepBack')} (←)`} aria-keyshortcuts={actionById('stepBack').ariaKeys} data-testid="step-back">
            <Icon name="back" />
          </button>
          <button type="button" className="icon-btn primary" onClick={run('togglePlay')} disabled={!ready} aria-label={playing ? t('transport.pause') : t('transport.play')} title={`${playing ? t('transport.pause') : t('transport.play')} (Space, .)`} aria-keyshortcuts={actionById('togglePlay').ariaKeys} data-testid="play">
            <Icon name={playing ? 'pause' : 'play'} />
          </button>
          <button type="button" className="icon-btn" onClick={run('stepForward')} disabled={!ready} aria-label={t('transport.stepForward')} title={`${t('transport.stepForward')} (→)`} aria-keyshortcuts={actionById('stepForward').ariaKeys} data-testid="step-forward">
            <Icon name="forward" />
          </button>
          <button type="button" onClick={run('runToEnd')} disabled={!ready} aria-label={t('transport.runToEnd')} data-testid="run-to-end">
            <Icon name="end" /> <span className="lbl" aria-hidden="true">{t('transport.runToEnd')}</span>
          </button>
          <button type="button" className="icon-btn more-btn" onClick={() => setMore((m) => !m)} aria-expanded={more} aria-controls={extraId}
            aria-label={pt('layout.moreControls')} title={pt('layout.moreControls')} data-testid="transport-more">
            <span aria-hidden="true">⋯</span>
          </button>
        </div>
        <div className="transport-extra" id={extraId}>
          <div className="buttons">
            {replicas.split(' ').filter(Boolean).map((r) => {
              const [name, up] = r.split(':');
              return (
                <button type="button" key={name} onClick={() => void until(name)} disabled={!ready || up === '1'} aria-label={t('transport.untilOnline', { node: name })} data-testid={`until-${name}`}>
                  <Icon name="online" /> <span className="lbl" aria-hidden="true">{t('transport.untilOnline', { node: name })}</span>
                  <span className="lbl-short" aria-hidden="true">{name}</span>
                </button>
              );
            })}
          </div>
          <SpeedControl />
          <RunStatus />
        </div>
      </div>
      <p className="keys-hint">{t('transport.keys')}</p>
    </div>
  );
}
