import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, shell } from 'electron';
import { createEngine } from '../engine/engine';
import { defaultDataDirectory, rendererDirectory } from '../engine/paths';
import { registerIpc } from './ipc-main';
import { printHtmlToPdf } from './print-to-pdf';
import { applyProcessHardening } from './security';

/**
 * Electron entry point: one hardened window over the engine.
 */
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  applyProcessHardening();
  app.setAppUserModelId('com.exchange-remediation-wizard');
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  if (app.isPackaged) process.env.EXWIZ_RESOURCES ??= process.resourcesPath;
  const engine = createEngine({
    mode: 'electron',
    version: app.getVersion(),
    // The same folder as browser mode and the CLI: one session whichever way the wizard runs.
    dataDirectory: defaultDataDirectory(),
    ports: {
      openExternal: url => shell.openExternal(url),
      printToPdf: html => printHtmlToPdf(html),
      choosePath: async ({ kind, title, extensions }) => {
        const result = await dialog.showOpenDialog({ title, properties: [kind === 'file' ? 'openFile' : 'openDirectory'], ...(extensions ? { filters: [{ name: extensions.join(', '), extensions }] } : {}) });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
  });

  const indexFile = path.join(rendererDirectory(), 'index.html');
  const indexUrl = pathToFileURL(indexFile).toString();
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Exchange Remediation Wizard',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  });

  const unregister = registerIpc(
    engine,
    event => event.sender.id === window.webContents.id && (event.senderFrame?.url ?? '').startsWith(indexUrl),
    (channel, payload) => {
      if (!window.isDestroyed()) window.webContents.send(channel, payload);
    },
  );
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    unregister();
    void engine.dispose();
  });
  await window.loadFile(indexFile);
}

app.on('window-all-closed', () => app.quit());
