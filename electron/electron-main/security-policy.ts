/**
 * The decisions behind the Electron security wiring (security.ts), as plain functions that tests
 * can check without Electron: which navigations are allowed, which responses get the CSP header,
 * which permission requests are granted (none).
 */
import { contentSecurityPolicy } from '../node/content-security-policy.ts';
import { isAppUrl } from './app-origin.ts';

/** will-navigate / will-redirect / will-frame-navigate: only the app's own pages. */
export function isNavigationAllowed(targetUrl: string): boolean {
  return isAppUrl(targetUrl);
}

/** window.open and target=_blank links never open a window. */
export function decideWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Camera, notifications, clipboard, geolocation...: the app needs none of them. */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}

/**
 * Response headers for a page response: the app's pages get the CSP (replacing any the response
 * had); other responses are returned unchanged.
 */
export function withContentSecurityPolicy(
  url: string,
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> | undefined {
  if (!isAppUrl(url)) return headers;
  const kept = Object.fromEntries(
    Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
  );
  return { ...kept, 'Content-Security-Policy': [contentSecurityPolicy] };
}
