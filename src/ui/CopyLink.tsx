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
        {t('link.copy')}
      </button>
      {shown && (shown.copied
        ? <span className="copy-link-done" data-testid="copy-link-status">{t('link.copied')}</span>
        : <input ref={box} className="copy-link-box" readOnly value={shown.link} aria-label={t('link.box')} data-testid="copy-link-box"
            onFocus={(e) => e.currentTarget.select()} />)}
    </div>
  );
}
