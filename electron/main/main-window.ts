import path from 'node:path';
import { BrowserWindow, type BrowserWindowConstructorOptions, type IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from './app-protocol';

/**
 * The options of the wizard's one window. Isolated and sandboxed with no
 * Node in the page or its workers and no <webview>; DevTools only in
 * development (a packaged app must not offer a console into the page).
 */
export function mainWindowOptions(preloadFile: string, packaged: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Exchange Remediation Wizard',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: !packaged,
      spellcheck: false,
    },
  };
}

/** The sandboxed preload beside the main bundle (out/preload/index.cjs). */
export function preloadFile(mainDirectory: string): string {
  return path.join(mainDirectory, '..', 'preload', 'index.cjs');
}

/**
 * True only for a call from the window's own top-level frame showing a page
 * of the app's origin: not another window, not a sub-frame, not a page that
 * somehow left `app://exwiz/` (Electron security checklist #17).
 */
export function isFromAppFrame(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, window: BrowserWindow): boolean {
  if (window.isDestroyed() || event.sender.id !== window.webContents.id) return false;
  const frame = event.senderFrame;
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

/** Brings the existing window to the front (a second launch of the app lands here). */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
