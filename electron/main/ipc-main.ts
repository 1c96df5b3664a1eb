import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, INVOKE_METHODS, eventChannel, invokeChannel } from '../../src-shared/ipc/channels';
import type { Engine } from '../engine/engine';

/**
 * Wires the engine to Electron IPC: one handler per contract method, each
 * accepting calls only from the app's own window (checklist #17), and every
 * engine event forwarded to that window.
 *
 * This is the only module that touches ipcMain.
 */
export function registerIpc(engine: Engine, isTrustedSender: (event: IpcMainInvokeEvent) => boolean, send: (channel: string, payload: unknown) => void): () => void {
  for (const method of INVOKE_METHODS) {
    ipcMain.handle(invokeChannel(method), async (event, payload: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'access-denied', message: 'IPC call from an untrusted frame was refused.' } };
      }
      return engine.dispatch(method, payload);
    });
  }
  const eventNames = new Set<string>(EVENT_NAMES);
  const unsubscribe = engine.context.events.subscribe((event, payload) => {
    if (eventNames.has(event)) send(eventChannel(event), payload);
  });
  return () => {
    unsubscribe();
    for (const method of INVOKE_METHODS) ipcMain.removeHandler(invokeChannel(method));
  };
}
