import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import type { EngineOptions } from '../../electron/engine/context';
import { invokeChannel, INVOKE_METHODS } from '../../src-shared/ipc/channels';
import { FakeBrowserWindow, fakeElectron, resetFakeElectron, type FakeFrame } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { startMainProcess } = await import('../../electron/main/main-process');
const { powershellScriptsDirectory } = await import('../../electron/engine/paths');
const { demoDefinitionDirectory } = await import('../../electron/engine/demo/demo-lab');

const MAIN_DIRECTORY = path.join('/opt', 'exwiz', 'out', 'main');

interface Started {
  window: FakeBrowserWindow;
  engineOptions: EngineOptions;
  dispatch: ReturnType<typeof vi.fn>;
  dispose: ReturnType<typeof vi.fn>;
}

/** Starts the main process against the fake Electron and a stand-in engine, up to the loaded window. */
async function start(): Promise<Started> {
  let engineOptions: EngineOptions | null = null;
  const dispatch = vi.fn(async () => ({ ok: true, value: 'dispatched' }));
  const dispose = vi.fn(async () => undefined);
  const createEngine = (options: EngineOptions): Engine => {
    engineOptions = options;
    return { context: { events: { subscribe: () => () => undefined } }, handlers: {}, dispatch, dispose } as unknown as Engine;
  };
  startMainProcess({ createEngine, mainDirectory: MAIN_DIRECTORY });
  await fakeElectron.app.becomeReady();
  const window = FakeBrowserWindow.instances[0];
  if (!window || !engineOptions) throw new Error('the main process opened no window');
  return { window, engineOptions, dispatch, dispose };
}

function invoke(method: string, event: unknown): Promise<unknown> {
  const handler = fakeElectron.ipcMain.handlers.get(invokeChannel(method as (typeof INVOKE_METHODS)[number]));
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(event, {});
}

const savedEnv = { EXWIZ_RESOURCES: process.env.EXWIZ_RESOURCES, EXWIZ_HOME: process.env.EXWIZ_HOME };
const savedResourcesPath = process.resourcesPath;
let scratch: string;

beforeEach(() => {
  resetFakeElectron();
  scratch = mkdtempSync(path.join(tmpdir(), 'exwiz-main-'));
  process.env.EXWIZ_HOME = path.join(scratch, 'home');
  delete process.env.EXWIZ_RESOURCES;
});

afterEach(() => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  (process as { resourcesPath?: string }).resourcesPath = savedResourcesPath;
  rmSync(scratch, { recursive: true, force: true });
});

describe('the main window', () => {
  it('is isolated and sandboxed, with no Node, no webview, and the preload beside the main bundle', async () => {
    const { window } = await start();
    const preferences = window.options.webPreferences as Record<string, unknown>;
    const on = ['contextIsolation', 'sandbox', 'webSecurity'];
    const off = ['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'webviewTag', 'allowRunningInsecureContent'];
    expect(Object.fromEntries([...on, ...off].map(key => [key, preferences[key]]))).toEqual(Object.fromEntries([...on.map(key => [key, true]), ...off.map(key => [key, false])]));
    expect(preferences.preload).toBe(path.join('/opt', 'exwiz', 'out', 'preload', 'index.cjs'));
    // And every renderer of the process is sandboxed, whatever a window's own options say.
    expect(fakeElectron.app.enableSandbox).toHaveBeenCalled();
  });

  it('offers DevTools in development and not in the packaged app', async () => {
    expect((await start()).window.options.webPreferences).toMatchObject({ devTools: true });
    resetFakeElectron();
    fakeElectron.app.isPackaged = true;
    (process as { resourcesPath?: string }).resourcesPath = scratch;
    expect((await start()).window.options.webPreferences).toMatchObject({ devTools: false });
  });

  it('loads the renderer from the app protocol, not file://', async () => {
    const { window } = await start();
    expect(window.loadedUrl).toBe('app://exwiz/index.html');
    expect(fakeElectron.protocol.handlers.has('app')).toBe(true);
    expect(fakeElectron.protocol.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });
});

describe('process hardening', () => {
  it('refuses navigation, redirects and webviews in every page', async () => {
    const { webContents } = (await start()).window;
    expect(webContents.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(webContents.emitPreventable('will-navigate', 'app://exwiz/index.html')).toBe(true);
    expect(webContents.emitPreventable('will-redirect', 'https://evil.example/')).toBe(true);
    expect(webContents.emitPreventable('will-attach-webview', {}, {})).toBe(true);
  });

  it('opens no new windows; allow-listed documentation goes to the system browser, nothing else anywhere', async () => {
    const { webContents } = (await start()).window;
    const open = webContents.windowOpenHandler;
    if (!open) throw new Error('no window-open handler');
    expect(open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'https://learn.microsoft.com@evil.example/' })).toEqual({ action: 'deny' });
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
    expect(open({ url: 'https://learn.microsoft.com/en-us/exchange/' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fakeElectron.shell.openExternal.mock.calls).toEqual([['https://learn.microsoft.com/en-us/exchange/']]);
  });

  it('gives the engine an external-link port that refuses what is not allow-listed', async () => {
    const { engineOptions } = await start();
    await expect(engineOptions.ports.openExternal('https://evil.example/')).rejects.toThrow();
    await expect(engineOptions.ports.openExternal('http://learn.microsoft.com/')).rejects.toThrow();
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
    await engineOptions.ports.openExternal('https://support.microsoft.com/kb');
    expect(fakeElectron.shell.openExternal.mock.calls).toEqual([['https://support.microsoft.com/kb']]);
  });

  it('denies every permission request and check', async () => {
    await start();
    const { permissionRequestHandler, permissionCheckHandler } = fakeElectron.session.defaultSession;
    if (!permissionRequestHandler || !permissionCheckHandler) throw new Error('no permission handlers');
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      const callback = vi.fn();
      permissionRequestHandler({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(permissionCheckHandler({}, permission, 'app://exwiz', {})).toBe(false);
    }
  });
});

describe('IPC', () => {
  it('registers one handler per contract method', async () => {
    await start();
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual(INVOKE_METHODS.map(m => invokeChannel(m)).sort());
  });

  it("answers only the window's own top-level frame on the app origin", async () => {
    const { window, dispatch } = await start();
    const own = window.webContents;
    await expect(invoke('getAppInfo', { sender: own, senderFrame: own.mainFrame })).resolves.toEqual({ ok: true, value: 'dispatched' });
    expect(dispatch).toHaveBeenCalledTimes(1);

    const denied = { ok: false, error: { code: 'access-denied', message: expect.any(String) } };
    const subFrame: FakeFrame = { url: 'app://exwiz/index.html', parent: own.mainFrame };
    const strangers: unknown[] = [
      { sender: own, senderFrame: subFrame },
      { sender: own, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: own, senderFrame: { url: 'file:///opt/exwiz/out/renderer/index.html', parent: null } },
      { sender: own, senderFrame: { url: 'app://evil/index.html', parent: null } },
      { sender: own, senderFrame: { url: 'app://user@exwiz/index.html', parent: null } },
      { sender: own, senderFrame: null },
      { sender: new fakeElectron.BrowserWindow({}).webContents, senderFrame: { url: 'app://exwiz/index.html', parent: null } },
    ];
    for (const event of strangers) await expect(invoke('getAppInfo', event)).resolves.toEqual(denied);
    expect(dispatch).toHaveBeenCalledTimes(1);
  });

  it('drops its handlers and disposes the engine when the window closes', async () => {
    const { window, dispose } = await start();
    window.emit('closed');
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});

describe('single instance', () => {
  it('a second instance quits before it opens anything', async () => {
    fakeElectron.app.hasLock = false;
    startMainProcess({ createEngine: () => expect.unreachable('no engine in a second instance'), mainDirectory: MAIN_DIRECTORY });
    await fakeElectron.app.becomeReady();
    expect(fakeElectron.app.quit).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(fakeElectron.protocol.handlers.size).toBe(0);
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
  });

  it('restarting as administrator releases the lock before quitting, so the elevated instance can start', async () => {
    const { engineOptions } = await start();
    engineOptions.ports.quitForRestart?.();
    expect(fakeElectron.app.releaseSingleInstanceLock).toHaveBeenCalled();
    expect(fakeElectron.app.releaseSingleInstanceLock.mock.invocationCallOrder[0]).toBeLessThan(fakeElectron.app.quit.mock.invocationCallOrder[0] as number);
  });

  it('the first instance brings its window forward when a second one starts', async () => {
    const { window } = await start();
    window.minimized = true;
    fakeElectron.app.emit('second-instance', {}, ['exwiz'], '/');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
  });
});

describe('resources when packaged', () => {
  it('finds the PowerShell scripts and the demo organisation beside app.asar, whatever the environment says', async () => {
    const resources = path.join(scratch, 'resources');
    mkdirSync(path.join(resources, 'lab', 'demo'), { recursive: true });
    writeFileSync(path.join(resources, 'lab', 'demo', 'organisation.json'), '{}');
    (process as { resourcesPath?: string }).resourcesPath = resources;
    process.env.EXWIZ_RESOURCES = path.join(scratch, 'planted');
    fakeElectron.app.isPackaged = true;
    await start();
    expect(process.env.EXWIZ_RESOURCES).toBe(resources);
    expect(powershellScriptsDirectory()).toBe(path.join(resources, 'powershell'));
    expect(demoDefinitionDirectory()).toBe(path.join(resources, 'lab', 'demo'));
  });

  it('in development keeps the repository folders', async () => {
    await start();
    expect(process.env.EXWIZ_RESOURCES).toBeUndefined();
    expect(powershellScriptsDirectory()).toBe(path.resolve(__dirname, '..', '..', 'resources', 'powershell'));
  });
});
