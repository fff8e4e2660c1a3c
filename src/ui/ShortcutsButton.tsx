// The "?" button beside the header that opens the keyboard shortcuts dialog (./ShortcutsDialog.tsx,
// loaded when first opened).
import { usePanelT } from './i18n/panels.ts';
import './shortcuts.css';

export function ShortcutsButton({ onOpen }: { onOpen(): void }) {
  const t = usePanelT();
  return (
    <button type="button" className="help-btn" onClick={onOpen} aria-label={t('shortcuts.open')} title={`${t('shortcuts.open')} (?)`} aria-keyshortcuts="Shift+Slash" aria-haspopup="dialog" data-testid="shortcuts-button">
      <span aria-hidden="true">?</span>
    </button>
  );
}
