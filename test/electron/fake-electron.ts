import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module, for main-process tests where the
 * Electron binary is missing. It records what the main process asks of
 * Electron (window options, protocol handlers, IPC handlers, permission
 * handlers, external opens) and lets a test play Electron's part: fire the
 * events a real app would (web-contents-created, will-navigate, an IPC call
 * from some frame).
 *
 * Use it with
 *   vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);
 * and call `resetFakeElectron()` before each test.
 */

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

let nextWebContentsId = 1;

/** One page's webContents: the events and handlers the hardening code registers. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame: FakeFrame = { url: '', parent: null };
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }

  /** What printToPDF returns; a test may make it fail. */
  printToPdfResult: () => Promise<Buffer> = async () => Buffer.from('%PDF-1.7 stand-in');
  readonly printOptions: unknown[] = [];

  printToPDF(options: unknown): Promise<Buffer> {
    this.printOptions.push(options);
    return this.printToPdfResult();
  }

  /** Emits a cancellable event as Electron does; true when a listener prevented it. */
  emitPreventable(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

/** A BrowserWindow that records its options and the URL it loads. */
export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  minimized = false;
  focused = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
    // Electron announces every new webContents to the app before it loads.
    fakeElectron.app.emit('web-contents-created', {}, this.webContents);
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }

  async loadFile(file: string): Promise<void> {
    this.loadedUrl = `file://${file}`;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }

  show(): void {}

  focus(): void {
    this.focused = true;
  }

  destroy(): void {
    this.destroyed = true;
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>(r => (resolve = r));
  return { promise, resolve };
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  hasLock = true;
  readonly quit = vi.fn();
  readonly releaseSingleInstanceLock = vi.fn();
  readonly setAppUserModelId = vi.fn();
  readonly enableSandbox = vi.fn();
  private ready = deferred();

  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }

  whenReady(): Promise<void> {
    return this.ready.promise;
  }

  /** Plays Electron's "ready"; returns after the callbacks waiting for it ran. */
  async becomeReady(): Promise<void> {
    this.ready.resolve();
    for (let i = 0; i < 10; i++) await new Promise(resolve => setImmediate(resolve));
  }

  getVersion(): string {
    return '0.0.0-test';
  }

  resetReady(): void {
    this.ready = deferred();
  }
}

/** The renderer side: what the preload exposes and how it talks to ipcMain. */
class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (channel: string, request: unknown) => ({ channel, request }));
}

type PermissionRequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
type Invoker = (event: unknown, payload: unknown) => Promise<unknown>;

/**
 * Electron's `net.request` (ClientRequest) played over Node's http/https against a real
 * (loopback) server: headers, `redirect: 'manual'` with the 'redirect' event and
 * followRedirect() (called synchronously, as Electron requires), 'response' with a readable
 * body carrying statusCode and headers, 'error' with Chromium's "net::ERR_…" messages, abort().
 * The stand-in's own knobs: `requests` records every request sent.
 */
export class FakeClientRequest extends EventEmitter {
  static readonly requests: { url: string; headers: Record<string, string> }[] = [];
  private readonly headers: Record<string, string> = {};
  private current: http.ClientRequest | null = null;
  private aborted = false;
  private follow = false;

  constructor(private readonly options: { url: string; method?: string; redirect?: 'follow' | 'error' | 'manual' }) {
    super();
  }

  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  followRedirect(): void {
    this.follow = true;
  }

  abort(): void {
    this.aborted = true;
    this.current?.destroy();
  }

  end(): void {
    this.send(this.options.url);
  }

  private send(url: string): void {
    FakeClientRequest.requests.push({ url, headers: { ...this.headers } });
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(target, { method: this.options.method ?? 'GET', headers: this.headers });
    this.current = req;
    req.on('response', res => {
      if (this.aborted) return void res.destroy();
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location && this.options.redirect === 'manual') {
        res.resume();
        this.follow = false;
        this.emit('redirect', res.statusCode, 'GET', new URL(location, url).toString(), res.headers);
        if (this.follow && !this.aborted) return this.send(new URL(location, url).toString());
        if (!this.aborted) this.emit('error', new Error('net::ERR_ABORTED'));
        return;
      }
      this.emit('response', res);
    });
    req.on('error', err => {
      if (this.aborted) return;
      const code = (err as NodeJS.ErrnoException).code;
      const chromium =
        code === 'ECONNREFUSED'
          ? 'ERR_CONNECTION_REFUSED'
          : code === 'ENOTFOUND'
            ? 'ERR_NAME_NOT_RESOLVED'
            : /CERT|SELF_SIGNED|UNABLE_TO/.test(code ?? '')
              ? 'ERR_CERT_AUTHORITY_INVALID'
              : 'ERR_CONNECTION_RESET';
      this.emit('error', new Error(`net::${chromium}`));
    });
    req.end();
  }
}

function createFake() {
  return {
    app: new FakeApp(),
    net: {
      request: vi.fn((options: { url: string; method?: string; redirect?: 'follow' | 'error' | 'manual' }) => new FakeClientRequest(options)),
    },
    BrowserWindow: FakeBrowserWindow,
    session: {
      defaultSession: {
        permissionRequestHandler: null as PermissionRequestHandler | null,
        permissionCheckHandler: null as ((...args: unknown[]) => boolean) | null,
        setPermissionRequestHandler(handler: PermissionRequestHandler) {
          this.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
          this.permissionCheckHandler = handler;
        },
      },
    },
    protocol: {
      privilegedSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
      handlers: new Map<string, (request: Request) => Promise<Response>>(),
      registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]) {
        this.privilegedSchemes.push(...schemes);
      },
      handle(scheme: string, handler: (request: Request) => Promise<Response>) {
        this.handlers.set(scheme, handler);
      },
    },
    ipcMain: {
      handlers: new Map<string, Invoker>(),
      handle(channel: string, handler: Invoker) {
        this.handlers.set(channel, handler);
      },
      removeHandler(channel: string) {
        this.handlers.delete(channel);
      },
    },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    dialog: { showOpenDialog: vi.fn(async (_options: unknown) => ({ canceled: true, filePaths: [] as string[] })) },
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: {
      exposed: new Map<string, unknown>(),
      exposeInMainWorld(key: string, api: unknown) {
        this.exposed.set(key, api);
      },
    },
  };
}

export const fakeElectron = createFake();

/** Forgets every recorded call and window; the next test starts from a fresh app. */
export function resetFakeElectron(): void {
  const fresh = createFake();
  const { app } = fakeElectron;
  app.removeAllListeners();
  app.resetReady();
  app.isPackaged = false;
  app.hasLock = true;
  app.quit.mockClear();
  app.releaseSingleInstanceLock.mockClear();
  app.setAppUserModelId.mockClear();
  app.enableSandbox.mockClear();
  FakeBrowserWindow.instances.length = 0;
  Object.assign(fakeElectron.session.defaultSession, { permissionRequestHandler: null, permissionCheckHandler: null });
  fakeElectron.protocol.privilegedSchemes.length = 0;
  fakeElectron.protocol.handlers.clear();
  fakeElectron.ipcMain.handlers.clear();
  fakeElectron.shell.openExternal = fresh.shell.openExternal;
  fakeElectron.ipcRenderer.removeAllListeners();
  fakeElectron.ipcRenderer.invoke.mockClear();
  fakeElectron.contextBridge.exposed.clear();
  fakeElectron.net.request.mockClear();
  FakeClientRequest.requests.length = 0;
}
