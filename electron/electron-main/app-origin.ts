/**
 * The app's own origin inside Electron: the built renderer is served over a privileged custom
 * scheme (app://desk/), not file://, so that 'self' in the CSP means the app and nothing else on
 * the disk, and so that navigation rules can name exactly one origin.
 */
export const appScheme = 'app';
export const appHost = 'desk';
export const appStartUrl = `${appScheme}://${appHost}/index.html`;

/** True for URLs of the app's own pages (app://desk/...). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // URL.origin is 'null' for custom schemes, so compare scheme and host instead.
  return (
    parsed.protocol === `${appScheme}:` &&
    parsed.host === appHost &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
