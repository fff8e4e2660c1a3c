// The keyboard shortcuts: a "?" button beside the header and a modal <dialog> listing every key
// the page answers to (the run's keys come from the action catalogue). "?" anywhere outside a text field opens it (keys.ts); Esc closes it, and
// focus goes back to where it was.
import { Fragment, useEffect, useRef } from 'react';
import { ACTIONS } from '../app/actions.ts';
import { usePanelT, type PanelT } from './i18n/panels.ts';

const CSS = `
.header-bar { display: flex; align-items: center; gap: 10px; border-bottom: 1px solid var(--line); }
.header-bar > .header { flex: 1 1 auto; min-width: 0; border-bottom: 0; }
.header-bar > .help-btn { flex: none; width: 40px; height: 40px; padding: 0; justify-content: center; font-weight: 700; font-size: 1.05rem; margin-bottom: 8px; }
@media (pointer: coarse) { .header-bar > .help-btn { width: 44px; height: 44px; } }
@media (max-width: 640px) { .header-bar { align-items: flex-start; } }
.shortcuts { max-width: min(640px, calc(100vw - 24px)); width: 100%; box-sizing: border-box; background: var(--panel); color: var(--fg); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px 18px; }
.shortcuts::backdrop { background: rgb(0 0 0 / 0.45); }
.shortcuts-head { display: flex; align-items: center; gap: 10px; }
.shortcuts-head h2 { margin: 0 auto 0 0; font-size: 1.15rem; }
.shortcuts p { margin: 6px 0 4px; color: var(--muted); font-size: 0.9rem; }
.shortcuts table { width: 100%; border-collapse: collapse; margin-top: 10px; font-size: 0.92rem; }
.shortcuts caption { text-align: left; font-weight: 600; padding: 6px 0 4px; }
.shortcuts th, .shortcuts td { text-align: left; padding: 4px 6px; border-top: 1px solid var(--panel-2); vertical-align: top; }
.shortcuts thead th { color: var(--muted); font-weight: 500; font-size: 0.8rem; border-top: 0; }
.shortcuts tbody th { font-weight: 400; white-space: nowrap; width: 40%; }
.shortcuts kbd { font-family: var(--mono); font-size: 0.85em; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 1px 6px; background: var(--panel-2); color: var(--fg); }
.shortcuts .or { color: var(--muted); margin: 0 4px; font-size: 0.85em; }
`;

/** Each row: the keys (alternatives) and what they do. A key may be a chord ("Ctrl+L"). */
type Row = readonly [keys: readonly string[], action: string];

function groups(t: PanelT): readonly (readonly [title: string, rows: readonly Row[]])[] {
  return [
    [t('shortcuts.group.time'), [
      ...ACTIONS.filter((a) => a.keyLabels.length > 0).map((a): Row => [a.keyLabels, t(a.label)]),
      [['Esc'], t('shortcuts.esc')],
    ]],
    [t('shortcuts.group.lists'), [
      [['←', '→', 'Home', 'End'], t('shortcuts.tabs')],
      [['←', '→', 'Home', 'End'], t('shortcuts.marks')],
      [['Enter'], t('shortcuts.marksEnter')],
      [['↑', '↓', 'Home', 'End'], t('shortcuts.log')],
      [['Enter'], t('shortcuts.logEnter')],
    ]],
    [t('lessonkeys.group'), [
      [['PageDown', '.'], t('lessonkeys.next')],
      [['PageUp'], t('lessonkeys.back')],
    ]],
    [t('shortcuts.group.console'), [
      [['Enter'], t('shortcuts.run')],
      [['↑', '↓'], t('shortcuts.history')],
      [['Tab'], t('shortcuts.complete')],
      [['Esc'], t('shortcuts.cancel')],
      [['Ctrl+L'], t('shortcuts.clear')],
    ]],
  ];
}

export function ShortcutsButton({ onOpen }: { onOpen(): void }) {
  const t = usePanelT();
  return (
    <button type="button" className="help-btn" onClick={onOpen} aria-label={t('shortcuts.open')} title={`${t('shortcuts.open')} (?)`} aria-keyshortcuts="Shift+Slash" aria-haspopup="dialog" data-testid="shortcuts-button">
      <style href="replscope-shortcuts" precedence="default">{CSS}</style>
      <span aria-hidden="true">?</span>
    </button>
  );
}

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = usePanelT();
  const ref = useRef<HTMLDialogElement>(null);
  const back = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      back.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);

  const onDialogClose = () => {
    onClose();
    const el = back.current;
    back.current = null;
    if (el && el.isConnected) el.focus();
  };

  return (
    <dialog
      ref={ref}
      className="shortcuts"
      aria-labelledby="shortcuts-title"
      onClose={onDialogClose}
      onClick={(e) => { if (e.target === e.currentTarget) e.currentTarget.close(); }}
      data-testid="shortcuts-dialog"
    >
      <style href="replscope-shortcuts" precedence="default">{CSS}</style>
      <div className="shortcuts-head">
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <button type="button" onClick={() => ref.current?.close()} autoFocus>{t('shortcuts.close')}</button>
      </div>
      <p>{t('shortcuts.intro')}</p>
      {groups(t).map(([title, rows]) => (
        <table key={title}>
          <caption>{title}</caption>
          <thead>
            <tr><th scope="col">{t('shortcuts.keys')}</th><th scope="col">{t('shortcuts.action')}</th></tr>
          </thead>
          <tbody>
            {rows.map(([keys, action]) => (
              <tr key={keys.join(' ') + action}>
                <th scope="row">
                  {keys.map((k, i) => (
                    <Fragment key={k}>
                      {i > 0 && <span className="or">{t('shortcuts.or')}</span>}
                      <kbd>{k}</kbd>
                    </Fragment>
                  ))}
                </th>
                <td>{action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </dialog>
  );
}
