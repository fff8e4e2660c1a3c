// The panel gallery (gallery.html?panel=NAME&theme=dark): each panel shown alone on a real run,
// for looking at it and for screenshots.
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import * as galleryWords from './i18n/gallery.ts';
import { loadLang } from './i18n/lang.ts';
import { addPanelWords } from './i18n/panels.ts';
import './theme.css';

addPanelWords(galleryWords);

const galleries = import.meta.glob('./panels/*.gallery.tsx', { eager: true }) as Record<string, { Gallery: ComponentType }>;
const params = new URLSearchParams(location.search);
const name = params.get('panel') ?? '';
if (params.get('theme')) document.documentElement.dataset.theme = params.get('theme')!;
const entry = Object.entries(galleries).find(([p]) => p.endsWith(`/${name}.gallery.tsx`));
const root = createRoot(document.getElementById('root')!);
if (!entry) {
  root.render(<ul>{Object.keys(galleries).map((p) => { const n = p.split('/').pop()!.replace('.gallery.tsx', ''); return <li key={n}><a href={`?panel=${n}`}>{n}</a></li>; })}</ul>);
} else {
  // Each gallery switches between English and Chinese on the spot: both languages' texts first.
  const G = entry[1].Gallery;
  void loadLang('zh-CN').then(() => root.render(<StrictMode><G /></StrictMode>));
}
