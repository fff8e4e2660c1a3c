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
