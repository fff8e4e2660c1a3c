// Long work under way (compiling a scenario, a far seek, a search ahead for the next event): what
// it is doing, how far it has got, and a Cancel button (Esc works too). The page stays usable
// meanwhile; a cancelled seek or search stays where it got, a cancelled compile keeps the run shown.
import { useEffect } from 'react';
import { useApp, useAppStore, useT } from './context.ts';
import type { LongWork } from '../app/store/types.ts';

function secs(ms: number): string {
  return (ms / 1000).toFixed(1);
}

export function WorkProgress() {
  const t = useT();
  const work = useApp((s) => s.work);
  const store = useAppStore();
  const active = work !== null;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (e.target instanceof Element && e.target.closest('dialog[open]')) return;
      e.preventDefault();
      store.getState().cancelWork();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, store]);
  if (!work) return null;
  return (
    <div className="work-progress" role="status" aria-label={t('work.label')} data-testid="work-progress" data-kind={work.kind}>
      <span className="work-text num">{text(work, t)}</span>
      <progress max={1} value={work.done} aria-label={t('work.label')} />
      <button type="button" onClick={() => store.getState().cancelWork()} title={t('work.cancelHint')}>
        {t('work.cancel')} <kbd>Esc</kbd>
      </button>
    </div>
  );
}

function text(w: LongWork, t: ReturnType<typeof useT>): string {
  switch (w.kind) {
    case 'compile': return t('work.compile', { line: w.line ?? 0, lines: w.lines ?? 0, s: secs(w.atMs) });
    case 'seek': return t('work.seek', { pct: Math.floor(w.done * 100), s: secs(w.atMs) });
    case 'ahead': return t('work.ahead', { s: secs(w.atMs) });
  }
}
