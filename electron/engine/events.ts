import type { EventName, EventOf } from '../../src-shared/ipc/contract';

export type EngineEventListener = <E extends EventName>(event: E, payload: EventOf<E>) => void;

/**
 * Fan-out of engine events to whoever listens: the Electron window, the
 * browser-mode bridge, the CLI's progress bar.
 */
export class EngineEvents {
  private readonly listeners = new Set<EngineEventListener>();

  subscribe(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // One broken listener (a closed window) must not stop the others.
      }
    }
  }
}
