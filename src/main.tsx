// Entry point of the web app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { bootLang, loadLang } from './ui/i18n/lang.ts';
import './ui/app.css';

function render(): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// A page that starts in Chinese (?lang=zh-CN, or a Chinese browser) loads the Chinese texts before it
// first draws, so it never shows English while they arrive; English is part of this bundle.
loadLang(bootLang(location.search, navigator.language)).then(render, (e: unknown) => {
  console.warn('replscope: the Chinese texts could not be loaded; showing English:', e);
  render();
});

// Offline: the production build's service worker (dist/sw.js, written by scripts/offline.mjs)
// precaches the app, so a reload without network still works. Not in dev, where files change.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => {
    console.warn('replscope: offline use is unavailable:', e);
  });
}
