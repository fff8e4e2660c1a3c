// How the page looks, apart from the language: the colour theme (the system's, light or dark)
// and presenter mode (large type and strokes, secondary panels hidden, for a projector). Both are
// attributes on <html> that the style sheets read, and both are remembered in this browser.

export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'replscope.theme';
const PRESENT_KEY = 'replscope.presenter';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled (private mode, a sandboxed frame): nothing is remembered
  }
}

function store(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* not remembered */
  }
}

/** The theme to start with: the URL's, else the one chosen last time, else the system's. */
export function initialTheme(fromUrl: 'light' | 'dark' | null): ThemeChoice {
  if (fromUrl) return fromUrl;
  const s = stored(THEME_KEY);
  return s === 'light' || s === 'dark' ? s : 'system';
}

/** Presenter mode at start: the URL's present=1, else the last choice. */
export function initialPresenter(fromUrl: boolean): boolean {
  return fromUrl || stored(PRESENT_KEY) === 'on';
}

export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement, remember = true): void {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  if (remember) store(THEME_KEY, choice === 'system' ? null : choice);
}

export function applyPresenter(on: boolean, root: HTMLElement = document.documentElement, remember = true): void {
  if (on) root.dataset.presenter = 'on';
  else delete root.dataset.presenter;
  if (remember) store(PRESENT_KEY, on ? 'on' : null);
}

function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (!el) return false;
  if (el.tagName === 'TEXTAREA') return true;
  return el.tagName === 'INPUT' && ['text', 'search'].includes((el as HTMLInputElement).type);
}

/** How far to scroll so that a box [top, bottom] sits in the middle of the visible band [from, to]
 *  (0 when it is already inside it). */
export function scrollToShow(box: { top: number; bottom: number }, band: { from: number; to: number }): number {
  if (box.top >= band.from && box.bottom <= band.to) return 0;
  return Math.round((box.top + box.bottom) / 2 - (band.from + band.to) / 2);
}

/** Touch screens: a text field that takes the focus (the console's input, with the on-screen
 *  keyboard coming up) is scrolled into what the keyboard and the fixed transport bar leave, again
 *  when the keyboard resizes the viewport. Returns the function that stops it. */
export function keepFieldInView(win: Window = window): () => void {
  const doc = win.document;
  const show = () => {
    const el = doc.activeElement;
    if (!isTextField(el) || !win.matchMedia('(pointer: coarse)').matches) return;
    const vv = win.visualViewport;
    const from = vv?.offsetTop ?? 0;
    const bar = doc.querySelector('[data-testid="transport"]')?.getBoundingClientRect().top ?? Infinity;
    const to = Math.min(from + (vv?.height ?? win.innerHeight), bar) - 8;
    const r = el.getBoundingClientRect();
    const dy = scrollToShow({ top: r.top, bottom: r.bottom }, { from: from + 8, to });
    if (dy !== 0) win.scrollBy(0, dy);
  };
  const onFocus = () => win.requestAnimationFrame(show);
  doc.addEventListener('focusin', onFocus);
  win.visualViewport?.addEventListener('resize', show);
  return () => {
    doc.removeEventListener('focusin', onFocus);
    win.visualViewport?.removeEventListener('resize', show);
  };
}
