/**
 * Browser mode's per-run token. The launcher opens `http://127.0.0.1:PORT/#token=…`; the page takes
 * the token from the fragment once, keeps it in sessionStorage (it survives a reload of this tab
 * only) and removes it from the visible URL so it is not copied, bookmarked or shown in screenshots.
 */
const storageKey = 'vaccine-desk.token';

export function captureSessionToken(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(storageKey, fromUrl);
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    return fromUrl;
  }
  return sessionStorage.getItem(storageKey);
}
