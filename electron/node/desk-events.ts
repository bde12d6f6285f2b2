/**
 * The desktop process's outgoing event stream (data changed, sync status). Each transport subscribes
 * once and forwards to the UI: IPC in Electron, SSE in browser mode.
 */
import type { DeskEvent } from '../../domain/api/contract.ts';

export type DeskEventListener = (event: DeskEvent) => void;

export class DeskEventBus {
  readonly #listeners = new Set<DeskEventListener>();

  /** Returns the function that ends this subscription. */
  subscribe(listener: DeskEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: DeskEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One broken subscriber (a closed window, a dropped connection) must not starve the others.
        console.error(`[desk] event listener failed: ${error instanceof Error ? error.name : typeof error}`);
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
