/**
 * The desk's keyboard: shortcuts that work wherever focus is (F2 new call, F8 extend the seat hold,
 * F9 confirm, Esc back, Alt+1..4 search mode, Alt+5 the callback list), and arrow-key movement inside option lists. Keys pressed while an input
 * method is composing (a reading typed through the Japanese IME) belong to the IME, not to us.
 */
import { type KeyboardEvent as ReactKeyboardEvent, type RefObject, useEffect, useRef } from 'react';

export interface DeskShortcuts {
  newCall: () => void;
  confirm: () => void;
  extendHold: () => void;
  back: () => void;
  searchMode: (index: number) => void;
  /** To the first callback task (Enter then opens the resident's file at the grid). */
  callbacks: () => void;
}

export function isComposing(event: KeyboardEvent | ReactKeyboardEvent): boolean {
  const native = 'nativeEvent' in event ? event.nativeEvent : event;
  return native.isComposing || native.keyCode === 229;
}

export function useDeskShortcuts(shortcuts: DeskShortcuts): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isComposing(event) || event.defaultPrevented) return;
      const handlers = latest.current;
      if (event.key === 'F2') handlers.newCall();
      else if (event.key === 'F9') handlers.confirm();
      else if (event.key === 'F8') handlers.extendHold();
      else if (event.key === 'Escape') handlers.back();
      else if (event.altKey && /^Digit[1-4]$/.test(event.code))
        handlers.searchMode(Number(event.code.slice(5)) - 1);
      else if (event.altKey && event.code === 'Digit5') handlers.callbacks();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/**
 * Arrow keys (and Home/End) between the buttons of a list: put this on the list's element. The
 * buttons are found by the `data-option` attribute; disabled ones are skipped.
 */
export function moveBetweenOptions(event: ReactKeyboardEvent<HTMLElement>): void {
  const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
  const edge = { Home: 'first', End: 'last' }[event.key];
  if (step === undefined && edge === undefined) return;
  const options = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-option]:not([disabled])')];
  if (options.length === 0) return;
  event.preventDefault();
  const index = options.indexOf(document.activeElement as HTMLElement);
  const next =
    edge === 'first'
      ? 0
      : edge === 'last'
        ? options.length - 1
        : Math.min(options.length - 1, Math.max(0, (index < 0 ? -1 : index) + (step ?? 0)));
  options[next]?.focus();
}

/**
 * Focuses the element when `key` changes (a step opened), after React painted it. With `reveal`, the
 * element's panel is scrolled to show from its top (below the fixed header) instead of the browser
 * scrolling just far enough to show the focused element, which can leave the panel's heading hidden.
 */
export function useFocusOn<T extends HTMLElement>(key: unknown, reveal?: RefObject<HTMLElement | null>) {
  const ref = useRef<T>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the trigger, by design
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      if (!reveal) {
        ref.current?.focus();
        return;
      }
      ref.current?.focus({ preventScroll: true });
      reveal.current?.scrollIntoView({ block: 'start' });
    });
    return () => cancelAnimationFrame(frame);
  }, [key]);
  return ref;
}
