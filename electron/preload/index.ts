import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_GLOBAL, EVENT_NAMES, INVOKE_METHODS, eventChannel, invokeChannel, subscriberName } from '../../src-shared/ipc/channels';
import type { ExwizApi } from '../../src-shared/ipc/contract';

/**
 * Exposes the contract's API object as `window.exwiz`: one method per invoke
 * channel and one subscriber per event, never ipcRenderer itself (Electron
 * security checklist #20, context isolation). Listeners receive the payload
 * only, not the IpcRendererEvent.
 */
function buildApi(): ExwizApi {
  const api: Record<string, unknown> = {};
  for (const method of INVOKE_METHODS) {
    const channel = invokeChannel(method);
    api[method] = (request: unknown) => ipcRenderer.invoke(channel, request);
  }
  for (const event of EVENT_NAMES) {
    const channel = eventChannel(event);
    api[subscriberName(event)] = (listener: (payload: unknown) => void) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    };
  }
  return api as ExwizApi;
}

contextBridge.exposeInMainWorld(API_GLOBAL, buildApi());
