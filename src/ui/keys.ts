// The keyboard, from the action catalogue (src/app/actions.ts): Space and "." play/pause
// (presentation clickers send "."), ← → step back and forward, "[" "]" and PageUp/PageDown (what
// clickers send) go to the previous/next event marker, "?" opens the shortcuts help, "P" toggles
// presenter mode. Keys typed into fields, and keys inside an open dialog, are left alone.
import type { AppStore } from '../app/store.ts';
import { actionForKey, runAction, type ActionEnv } from '../app/actions.ts';
import { markBookOf, momentKind } from './timeline-marks.ts';

/** Is the key the focused element's own (a text field, a slider's arrows, a button's Space)? */
export function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    // A slider keeps its arrows and page keys; text fields keep everything.
    return type !== 'range' || key.startsWith('Arrow') || key.startsWith('Page') || key === 'Home' || key === 'End';
  }
  // A focused button is pressed by Space, as everywhere.
  if ((tag === 'BUTTON' || tag === 'SUMMARY' || tag === 'A') && (key === ' ' || key === 'Enter')) return true;
  return false;
}

export function bindKeys(store: AppStore, target: Window = window, onHelp?: () => void, onPresenter?: () => void): () => void {
  const book = markBookOf(store);
  const env: ActionEnv = { store, markTimes: () => book.marks().map((m) => m.t), isMark: (m) => momentKind(m) !== null, help: onHelp, presenter: onPresenter };
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (ownsKey(e.target, e.key)) return;
    if (e.target instanceof Element && e.target.closest('dialog[open]')) return;
    const a = actionForKey(e.key);
    if (!a) return;
    // Play/pause and stepping answer even before a run is ready (they do nothing then), as before.
    if (a.id === 'togglePlay' || a.id === 'stepBack' || a.id === 'stepForward') void a.run(env, {});
    else if (!runAction(env, a.id)) return;
    e.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
