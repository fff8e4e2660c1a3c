// A "copy" button for a text: the clipboard when the page may use it, otherwise the text in a
// selected textarea to copy by hand.
import { useRef, useState } from 'react';
import { useT } from './context.ts';

export function CopyText({ text, label }: { text: string; label?: string }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'fallback'>('idle');
  const area = useRef<HTMLTextAreaElement>(null);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('fallback');
      queueMicrotask(() => {
        area.current?.focus();
        area.current?.select();
      });
    }
  };

  return (
    <div className="copy">
      <button type="button" onClick={() => void copy()} data-testid="copy-scenario">{label ?? t('copy.button')}</button>
      <span role="status" className="copy-status">{state === 'copied' ? t('copy.done') : state === 'fallback' ? t('copy.fallback') : ''}</span>
      {state === 'fallback' && (
        <textarea ref={area} readOnly value={text} aria-label={t('copy.textLabel')} rows={8} data-testid="copy-fallback" />
      )}
    </div>
  );
}
