import { API_GLOBAL } from '../../../src-shared/ipc/channels';
import type { ExwizApi } from '../../../src-shared/ipc/contract';
import { createBridgeClient } from './bridge-client';

let api: ExwizApi | null = null;

/**
 * The contract's API object: from the preload in Electron, from the loopback
 * bridge client in browser mode. The rest of the renderer uses only this.
 */
export function getApi(): ExwizApi {
  if (api) return api;
  const fromPreload = (window as unknown as Record<string, ExwizApi | undefined>)[API_GLOBAL];
  api = fromPreload ?? createBridgeClient(window.location);
  return api;
}
