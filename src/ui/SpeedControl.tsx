// The playback mode and its pace: Follow (the default: slow while bytes cross a link, quick
// through silences) with its own factor, or Steady with the log-scale speed slider from 1/1000× to
// 1000×. Choosing a factor plays in follow mode, moving the slider plays at a steady rate. A new
// wait in follow mode is announced from here (the wait line itself is beside the time slider).
import { FOLLOW_FACTORS, formatFactor } from '../app/follow.ts';
import { formatSpeed, nearestStop, SPEED_STOPS } from '../app/speed.ts';
import { useApp, useT } from './context.ts';
import { usePanelT } from './i18n/panels.ts';
import { useWaitAnnouncement } from './WaitLine.tsx';
import './playback.css';

export function SpeedControl() {
  const t = useT();
  const pt = usePanelT();
  const speed = useApp((s) => s.speed);
  const mode = useApp((s) => s.playMode);
  const factor = useApp((s) => s.followFactor);
  const setSpeed = useApp((s) => s.setSpeed);
  const setPlayMode = useApp((s) => s.setPlayMode);
  const setFollowFactor = useApp((s) => s.setFollowFactor);
  const i = nearestStop(speed);
  useWaitAnnouncement();
  return (
    <div className="speed" role="group" aria-label={pt('playback.mode')} data-mode={mode}>
      <label className={`play-mode${mode === 'follow' ? ' on' : ''}`} title={pt('playback.followHint')}>
        <input type="radio" name="play-mode" value="follow" checked={mode === 'follow'} onChange={() => setPlayMode('follow')} data-testid="play-mode-follow" />
        <span>{pt('playback.follow')}</span>
      </label>
      <select value={String(factor)} onChange={(e) => setFollowFactor(Number(e.target.value))} aria-label={pt('playback.factor')} title={pt('playback.factor')} data-testid="follow-factor">
        {FOLLOW_FACTORS.map((f) => <option key={f} value={String(f)}>{formatFactor(f)}</option>)}
      </select>
      <label className={`play-mode${mode === 'steady' ? ' on' : ''}`} title={pt('playback.steadyHint')}>
        <input type="radio" name="play-mode" value="steady" checked={mode === 'steady'} onChange={() => setPlayMode('steady')} data-testid="play-mode-steady" />
        <span>{pt('playback.steady')}</span>
      </label>
      <label className="speed-steady">
        <span className="sr-only">{t('transport.speed')}</span>
        <input
          type="range"
          min={0}
          max={SPEED_STOPS.length - 1}
          step={1}
          value={i}
          onChange={(e) => setSpeed(SPEED_STOPS[Number(e.target.value)])}
          aria-valuetext={formatSpeed(speed)}
          data-testid="speed-slider"
        />
        <output className="num speed-value" data-testid="speed-value">{formatSpeed(speed)}</output>
      </label>
    </div>
  );
}
