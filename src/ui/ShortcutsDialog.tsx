// The keyboard shortcuts: a modal <dialog> listing every key the page answers to (the run's keys
// come from the action catalogue), opened by the "?" button beside the header (./ShortcutsButton.tsx)
// or "?" anywhere outside a text field (keys.ts); Esc closes it, and focus goes back to where it was.
// Its code loads on its first opening (./lazy-panels.tsx).
import { Fragment, useEffect, useRef } from 'react';
import { ACTIONS } from '../app/actions.ts';
import { addPanelWords, usePanelT, type PanelT } from './i18n/panels.ts';
import * as dialogWords from './i18n/shortcuts-dialog.ts';
import './shortcuts.css';

addPanelWords(dialogWords);


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
