/**
 * The Content-Security-Policy of the app's pages, the same in Electron and in browser mode.
 * style-src needs 'unsafe-inline': Mantine injects <style> elements (theme CSS variables) and sets
 * inline style attributes (style props), and attributes cannot carry a nonce. Scripts stay 'self'
 * only, so Mantine's ColorSchemeScript (an inline script meant for server rendering) is not usable.
 * font-src allows data: because Vite inlines small font files as data URLs.
 */
const directives: Array<[string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
];

export const contentSecurityPolicy = directives.map(([name, value]) => `${name} ${value}`).join('; ');
