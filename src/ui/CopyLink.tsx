// "Copy link": a link that opens this run — its scenario (or the example's name), seed and the
// current branch's actions — at the cursor's moment. The link is announced politely once copied;
// when the clipboard cannot be reached, it is shown in a box, selected, to copy by hand.
import { useRef, useState } from 'react';
import { linkSearch } from '../app/url.ts';
import { useAnnounce } from './announce.ts';
import { useApp, useAppStore } from './context.ts';
import { usePanelT } from './i18n/panels.ts';

type Shown = { readonly link: string; readonly copied: boolean } | null;

export function CopyLink() {
  const t = usePanelT();
  const store = useAppStore();
  const announce = useAnnounce();
  const ready = useApp((s) => s.timeline !== null && s.scenario !== null);
  const [shown, setShown] = useState<Shown>(null);
  const box = useRef<HTMLInputElement>(null);

  const copy = async () => {
    const target = await store.getState().linkTarget();
    if (!target) return;
    const link = `${location.origin}${location.pathname}${linkSearch(location.search, target)}`;
    // The clipboard needs a secure page and the user's permission; without them the box shows the link.
    const copied = typeof navigator.clipboard?.writeText === 'function'
      ? await navigator.clipboard.writeText(link).then(() => true, () => false)
      : false;
    setShown({ link, copied });
    announce(copied ? t('link.copied') : t('link.copyFailed'));
    if (!copied) requestAnimationFrame(() => box.current?.select());
  };

  return (
    <div className="copy-link">
      <button type="button" onClick={() => void copy()} disabled={!ready} title={t('link.copyHint')}
        data-testid="copy-link" data-link={shown?.link}>
        <svg className="copy-link-icon" width={16} height={16} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.6 2.6 0 013.7 3.7L10.7 8.2M9 11.5l-1.2 1.2a2.6 2.6 0 01-3.7-3.7L5.3 7.8"
            fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" />
        </svg>
        <span className="copy-link-label">{t('link.copy')}</span>
      </button>
      {shown && (shown.copied
        ? <span className="copy-link-done" data-testid="copy-link-status">{t('link.copied')}</span>
        : <input ref={box} className="copy-link-box" readOnly value={shown.link} aria-label={t('link.box')} data-testid="copy-link-box"
            onFocus={(e) => e.currentTarget.select()} />)}
    </div>
  );
}
