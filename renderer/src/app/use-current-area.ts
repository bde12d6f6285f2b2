/** The area named by the URL's hash, kept in step with back/forward and link clicks. */
import { useSyncExternalStore } from 'react';
import { type Area, areaForHash } from './routes.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useCurrentArea(): Area {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return areaForHash(hash);
}
