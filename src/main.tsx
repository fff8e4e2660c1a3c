// Entry point of the web app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import './ui/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline: the production build's service worker (dist/sw.js, written by scripts/offline.mjs)
// precaches the app, so a reload without network still works. Not in dev, where files change.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => {
    console.warn('replscope: offline use is unavailable:', e);
  });
}
