import { API_GLOBAL } from '../../../src-shared/ipc/channels';
import type { ExwizApi } from '../../../src-shared/ipc/contract';
import { CONNECTION_EVENT, createBridgeClient, type ConnectionState } from './bridge-client';

let api: ExwizApi | null = null;

/**
 * The contract's API object: from the preload in Electron, from the loopback
 * bridge client in browser mode. The rest of the renderer uses only this.
 */
export function getApi(): ExwizApi {
  if (api) return api;
  const fromPreload = (window as unknown as Record<string, ExwizApi | undefined>)[API_GLOBAL];
  api = fromPreload ?? createBridgeClient(window.location, window.history);
  return api;
}

/**
 * Calls `listener` whenever the page loses or regains its engine (browser mode only; in
 * Electron the engine lives as long as the window). Returns the unsubscribe function.
 */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<ConnectionState>).detail);
  window.addEventListener(CONNECTION_EVENT, handler);
  return () => window.removeEventListener(CONNECTION_EVENT, handler);
}
