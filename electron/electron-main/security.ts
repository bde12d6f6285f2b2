/**
 * Wires the security decisions of security-policy.ts into Electron: navigation and new windows
 * denied for every web contents, permission requests denied, the CSP header on the app's pages.
 */
import type { App, Session, WebContents } from 'electron';
import {
  decideWindowOpen,
  isNavigationAllowed,
  isPermissionGranted,
  withContentSecurityPolicy,
} from './security-policy.ts';

/** Applies to every web contents the app will ever create, including ones nobody expected. */
export function hardenAllWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => decideWindowOpen());
}

export function secureSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionGranted(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withContentSecurityPolicy(details.url, details.responseHeaders) }),
  );
}
