// Browser glue for the handshake diagram: the width of its box, the reduced-motion preference,
// and the SVG download (a self-contained file: theme variables resolved to plain colours).

import { useLayoutEffect, useState, type RefObject } from 'react';

/** The element's content width, followed as it resizes. */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [w, setW] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setW(el.clientWidth || fallback);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setW(el.clientWidth || fallback));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, fallback]);
  return w;
}


/** The SVG as a standalone file: var(--x) replaced by the theme's current values. */
export function svgFileText(svg: SVGSVGElement): string {
  const root = getComputedStyle(document.documentElement);
  const resolve = (name: string, depth = 0): string => {
    const v = root.getPropertyValue(name).trim();
    const inner = /^var\((--[\w-]+)\)$/.exec(v);
    return inner && depth < 4 ? resolve(inner[1], depth + 1) : v.replace(/"/g, "'");
  };
  const text = new XMLSerializer().serializeToString(svg);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text.replace(/var\((--[\w-]+)\)/g, (_, n: string) => resolve(n) || 'currentColor')}`;
}

/** Downloads the SVG as a file. */
export function downloadSvg(svg: SVGSVGElement, fileName: string): void {
  const blob = new Blob([svgFileText(svg)], { type: 'image/svg+xml' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked a moment later: some browsers start the download after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
