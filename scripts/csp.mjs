// The Content-Security-Policy of the built app, in one place: vite.config.ts puts it into every
// built HTML page as a <meta http-equiv>, and scripts/serve.mjs sends it as a header.
// Everything comes from the app's own origin: no inline script, no eval, workers from self.
// Styles: React's `style` props are set through the CSSOM (element.style), which CSP allows, so
// style-src needs no 'unsafe-inline'.
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

/** The policy for the <meta> tag (frame-ancestors is ignored there, so it is left out). */
export const CSP_META = CSP_DIRECTIVES.join('; ');

/** The policy for the HTTP header, which can also forbid framing by other sites. */
export const CSP_HEADER = [...CSP_DIRECTIVES, "frame-ancestors 'self'"].join('; ');
