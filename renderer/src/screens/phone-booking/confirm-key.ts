/**
 * F9 confirms whatever the step on view confirms: the step registers its action here, the screen's
 * shortcut calls the one registered last. Steps without a confirmation register nothing.
 */
import { createContext, type RefObject, useContext, useEffect, useRef } from 'react';

export type ConfirmSlot = RefObject<(() => void) | null>;

export const ConfirmKeyContext = createContext<ConfirmSlot | null>(null);

export function useConfirmKey(action: () => void): void {
  const slot = useContext(ConfirmKeyContext);
  const latest = useRef(action);
  latest.current = action;
  useEffect(() => {
    if (!slot) return;
    const run = () => latest.current();
    slot.current = run;
    return () => {
      if (slot.current === run) slot.current = null;
    };
  }, [slot]);
}
