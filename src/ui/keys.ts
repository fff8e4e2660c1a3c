// The keyboard: Space and "." play/pause (presentation clickers send "."), ← → step back and
// forward, "[" "]" go to the previous/next event marker on the time slider, and so do PageUp and
// PageDown (what clickers send for back/next), "?" opens the shortcuts help, "P" toggles
// presenter mode. Keys typed into fields, and keys inside an open dialog, are left alone.
import type { AppStore } from '../app/store.ts';
import { markBookOf, nextMarkTime, prevMarkTime } from './timeline-marks.ts';

function ownsKey(target: EventTarget | null, key: string): boolean {
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
  /** Goes to the marker before or after the cursor (where a seek is going, if one is); false if there is none. */
  const jump = (dir: -1 | 1): boolean => {
    const s = store.getState();
    if (!s.timeline || s.fault) return false;
    const from = s.seekingTo ?? s.cursorMs;
    const to = dir < 0 ? prevMarkTime(book.marks(), from) : nextMarkTime(book.marks(), from);
    if (to === null) return false;
    void s.seek(to);
    return true;
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (ownsKey(e.target, e.key)) return;
    if (e.target instanceof Element && e.target.closest('dialog[open]')) return;
    const s = store.getState();
    switch (e.key) {
      case ' ':
      case '.':
        s.togglePlay();
        break;
      case 'ArrowLeft':
        void s.stepBack();
        break;
      case 'ArrowRight':
        void s.stepForward();
        break;
      case '[':
      case 'PageUp':
        if (!jump(-1)) return;
        break;
      case ']':
      case 'PageDown':
        if (!jump(1)) return;
        break;
      case '?':
        if (!onHelp) return;
        onHelp();
        break;
      case 'p':
      case 'P':
        if (!onPresenter) return;
        onPresenter();
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
