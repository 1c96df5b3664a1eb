import { app, BrowserWindow, dialog, protocol, shell } from 'electron';
import type { Engine } from '../engine/engine';
import type { EngineOptions } from '../engine/context';
import { defaultDataDirectory, rendererDirectory } from '../engine/paths';
import { APP_INDEX_URL, registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpc } from './ipc-main';
import { focusWindow, isFromAppFrame, mainWindowOptions, preloadFile } from './main-window';
import { printHtmlToPdf } from './print-to-pdf';
import { electronNetSource } from './net-source';
import { applyProcessHardening, openAllowedExternal } from './security';

/** What the main process needs besides Electron itself (tests pass their own engine). */
export interface MainProcessDependencies {
  createEngine(options: EngineOptions): Engine;
  /** The folder of the main bundle (out/main), where the preload is found beside it. */
  mainDirectory: string;
}

/**
 * In a packaged app the PowerShell scripts and the demo organisation sit in
 * process.resourcesPath (extraResources: PowerShell cannot read inside
 * app.asar). There the environment may not move them: EXWIZ_RESOURCES is
 * set, not defaulted, so a planted variable cannot point the engine at
 * other scripts.
 */
function useResourcesPathWhenPackaged(): void {
  if (app.isPackaged) process.env.EXWIZ_RESOURCES = process.resourcesPath;
}

/**
 * Electron entry point: one instance, one hardened window over the engine,
 * the renderer served from `app://exwiz/`.
 */
export function startMainProcess(deps: MainProcessDependencies): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  useResourcesPathWhenPackaged();
  // Every renderer sandboxed, including windows created later (the PDF printer), whatever its options say.
  app.enableSandbox();
  registerAppScheme(protocol);
  applyProcessHardening();
  app.setAppUserModelId('com.exchange-remediation-wizard');
  let window: BrowserWindow | null = null;
  app.on('second-instance', () => focusWindow(window));
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(async () => {
    window = openMainWindow(deps);
    await window.loadURL(APP_INDEX_URL);
  });
}

function openMainWindow(deps: MainProcessDependencies): BrowserWindow {
  serveRenderer(protocol, rendererDirectory());
  const engine = deps.createEngine({
    mode: 'electron',
    version: app.getVersion(),
    warmPowerShell: true,
    // The same folder as browser mode and the CLI: one session whichever way the wizard runs.
    dataDirectory: defaultDataDirectory(),
    ports: {
      openExternal: openAllowedExternal,
      printToPdf: html => printHtmlToPdf(html),
      // The only way a path the renderer names becomes usable: the admin picked it in this dialog.
      choosePath: async ({ kind, title, extensions }) => {
        const result = await dialog.showOpenDialog({
          title,
          properties: [kind === 'file' ? 'openFile' : 'openDirectory'],
          ...(extensions ? { filters: [{ name: extensions.join(', '), extensions }] } : {}),
        });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      // Chromium's network stack: Windows certificate store, system proxy with PAC/WPAD, proxy sign-in.
      downloadSource: electronNetSource(),
      // Restart as administrator: the elevated instance must find the lock free, so release it before quitting.
      quitForRestart: () => {
        app.releaseSingleInstanceLock();
        app.quit();
      },
      // The engine only passes reports it wrote itself (revealReport).
      revealPath: async (file, action) => {
        if (action === 'show-in-folder') return shell.showItemInFolder(file);
        const problem = await shell.openPath(file);
        if (problem) throw new Error(problem);
      },
    },
  });

  const window = new BrowserWindow(mainWindowOptions(preloadFile(deps.mainDirectory), app.isPackaged));
  const unregister = registerIpc(
    engine,
    event => isFromAppFrame(event, window),
    (channel, payload) => {
      if (!window.isDestroyed()) window.webContents.send(channel, payload);
    },
  );
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    unregister();
    void engine.dispose();
  });
  return window;
}
