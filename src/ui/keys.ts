// The keyboard: Space and "." play/pause (presentation clickers send "."), ← → step back and
// forward, PageUp/PageDown step too (clickers), "?" opens the shortcuts help. Keys typed into
// fields, and keys inside an open dialog, are left alone.
import type { AppStore } from '../app/store.ts';

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

export function bindKeys(store: AppStore, target: Window = window, onHelp?: () => void): () => void {
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
      case 'PageUp':
        void s.stepBack();
        break;
      case 'ArrowRight':
      case 'PageDown':
        void s.stepForward();
        break;
      case '?':
        if (!onHelp) return;
        onHelp();
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
