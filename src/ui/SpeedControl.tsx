// The playback speed: a log-scale slider from 1/1000× to 1000× with its value written out.
import { formatSpeed, nearestStop, SPEED_STOPS } from '../app/speed.ts';
import { useApp, useT } from './context.ts';

export function SpeedControl() {
  const t = useT();
  const speed = useApp((s) => s.speed);
  const setSpeed = useApp((s) => s.setSpeed);
  const i = nearestStop(speed);
  return (
    <label className="speed">
      <span>{t('transport.speed')}</span>
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
  );
}
