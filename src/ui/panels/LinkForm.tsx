// The link menu's small forms: a link's latency and jitter, or its bandwidth (presets from 1 Gbit/s
// down to 64 kbit/s, or any number of bytes per second). Keyboard: Tab between fields, arrows
// between the bandwidths, Enter applies, Escape goes back to the menu. A value out of range says
// what is allowed, next to the field, and nothing is applied.
import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { UserAction } from '../../runtime/timeline-api.ts';
import {
  BANDWIDTH_PRESETS, JITTER_RANGE, LATENCY_RANGE, RATE_RANGE, parseWhole, type LinkSettings,
} from './topology-links.ts';
import { latencyText, rateText, useDismiss } from './TopologyMenu.tsx';
import type { T } from './TopologySvg.tsx';

export type LinkFormKind = 'latency' | 'bandwidth';

/** What the form's fields say: an action to take, or which field is wrong and why. */
export type LinkFormResult =
  | { readonly ok: true; readonly action: UserAction }
  | { readonly ok: false; readonly field: 'latency' | 'jitter' | 'rate'; readonly message: string };

/** Reads a latency form: whole milliseconds, latency 1..60000, jitter 0..60000. */
export function readLatency(a: string, b: string, latency: string, jitter: string, t: T): LinkFormResult {
  const latencyMs = parseWhole(latency, LATENCY_RANGE);
  if (latencyMs === null) return { ok: false, field: 'latency', message: t('topology.form.errLatency', LATENCY_RANGE) };
  const jitterMs = jitter.trim() === '' ? 0 : parseWhole(jitter, JITTER_RANGE);
  if (jitterMs === null) return { ok: false, field: 'jitter', message: t('topology.form.errJitter', JITTER_RANGE) };
  return { ok: true, action: { type: 'latency', a, b, latencyMs, jitterMs } };
}

/** Reads a bandwidth form: a preset, or whole bytes per second from 1 to 10 Gbit/s. */
export function readBandwidth(a: string, b: string, choice: number | 'custom', custom: string, t: T): LinkFormResult {
  const bytesPerSec = choice === 'custom' ? parseWhole(custom, RATE_RANGE) : choice;
  if (bytesPerSec === null) return { ok: false, field: 'rate', message: t('topology.form.errRate', RATE_RANGE) };
  return { ok: true, action: { type: 'bandwidth', a, b, bytesPerSec } };
}

export interface LinkFormProps {
  readonly kind: LinkFormKind;
  readonly a: string;
  readonly b: string;
  /** The link's settings now, to start from. */
  readonly settings: LinkSettings;
  onApply(action: UserAction): void;
  /** Back to the link's menu (Escape, or the Back button). */
  onBack(): void;
  /** A press or focus elsewhere. */
  onClose(): void;
  readonly style?: CSSProperties;
  readonly t: T;
}

export function LinkForm({ kind, a, b, settings, onApply, onBack, onClose, style, t }: LinkFormProps) {
  const id = useId().replace(/:/g, '');
  const ref = useRef<HTMLFormElement>(null);
  useDismiss(ref, onClose);
  const [latency, setLatency] = useState(String(settings.latencyMs));
  const [jitter, setJitter] = useState(String(settings.jitterMs));
  const preset = BANDWIDTH_PRESETS.includes(settings.bytesPerSec);
  const [choice, setChoice] = useState<number | 'custom'>(preset ? settings.bytesPerSec : 'custom');
  const [custom, setCustom] = useState(preset ? '' : String(settings.bytesPerSec));
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  // A message makes the form taller: keep all of it in view.
  useEffect(() => {
    if (error) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);

  // Focus goes to the first field (or the chosen bandwidth) when the form opens.
  useEffect(() => {
    const f = ref.current;
    f?.querySelector<HTMLInputElement>('input[type="radio"]:checked, input[type="text"]:not([disabled])')?.focus();
    f?.scrollIntoView?.({ block: 'nearest' });
  }, []);

  const submit = () => {
    const r = kind === 'latency' ? readLatency(a, b, latency, jitter, t) : readBandwidth(a, b, choice, custom, t);
    if (!r.ok) {
      setError({ field: r.field, message: r.message });
      ref.current?.querySelector<HTMLInputElement>(`[data-field="${r.field}"]`)?.focus();
      return;
    }
    onApply(r.action);
  };
  const onKey = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onBack();
    } else if (e.key === 'Enter' && (e.target as HTMLElement).matches('input[type="radio"]')) {
      // Enter on a bandwidth applies it, as Enter in a text field does.
      e.preventDefault();
      submit();
    }
  };
  const invalid = (field: string) => (error?.field === field ? { 'aria-invalid': true, 'aria-describedby': `${id}-err` } : {});
  const title = t(kind === 'latency' ? 'topology.form.latencyTitle' : 'topology.form.bandwidthTitle', { a, b });
  const now = kind === 'latency' ? latencyText(settings, t) : rateText(settings.bytesPerSec, t);

  return (
    <form ref={ref} className="topo-menu topo-form" style={style} role="group" aria-labelledby={`${id}-title`} noValidate data-testid="topo-link-form"
      onSubmit={(e) => { e.preventDefault(); submit(); }}
      onKeyDown={onKey}
      onBlur={(e) => { if (e.relatedTarget && !e.currentTarget.contains(e.relatedTarget as Node)) onClose(); }}>
      <h3 id={`${id}-title`} className="topo-form-title">{title}</h3>
      <p className="topo-form-now">{t('topology.form.now', { value: now })}</p>
      {kind === 'latency' ? (
        <>
          <label className="topo-form-field">
            <span>{t('topology.form.latency')}</span>
            <input type="text" inputMode="numeric" autoComplete="off" data-field="latency" value={latency} onChange={(e) => setLatency(e.target.value)} {...invalid('latency')} />
          </label>
          <label className="topo-form-field">
            <span>{t('topology.form.jitter')}</span>
            <input type="text" inputMode="numeric" autoComplete="off" data-field="jitter" value={jitter} onChange={(e) => setJitter(e.target.value)} {...invalid('jitter')} />
          </label>
        </>
      ) : (
        <fieldset className="topo-form-rates">
          <legend>{t('topology.form.presets')}</legend>
          {BANDWIDTH_PRESETS.map((r) => (
            <label key={r} className="topo-form-radio">
              <input type="radio" name={`${id}-rate`} checked={choice === r} onChange={() => setChoice(r)} />
              {rateText(r, t)}
            </label>
          ))}
          <label className="topo-form-radio">
            <input type="radio" name={`${id}-rate`} checked={choice === 'custom'} onChange={() => setChoice('custom')} />
            {t('topology.form.custom')}
          </label>
          <input type="text" inputMode="numeric" autoComplete="off" className="topo-form-custom" data-field="rate" value={custom}
            aria-label={t('topology.form.customBytes')} placeholder={t('topology.form.customBytes')}
            onChange={(e) => { setCustom(e.target.value); setChoice('custom'); }} {...invalid('rate')} />
        </fieldset>
      )}
      <p id={`${id}-err`} className="topo-form-error" role="alert">{error?.message ?? ''}</p>
      <div className="topo-form-buttons">
        <button type="submit" className="topo-btn topo-form-apply">{t('topology.form.apply')}</button>
        <button type="button" className="topo-btn" onClick={onBack}>{t('topology.action.back')}</button>
      </div>
    </form>
  );
}
