import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_GLOBAL, EVENT_NAMES, INVOKE_METHODS, eventChannel, invokeChannel, subscriberName } from '../../src-shared/ipc/channels';
import { FakeBrowserWindow, fakeElectron, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

// The preload runs once, when the page's context is created: import it once, keep what it exposed.
await import('../../electron/preload/index');
const exposed = new Map(fakeElectron.contextBridge.exposed);
const { printHtmlToPdf } = await import('../../electron/main/print-to-pdf');

beforeEach(() => resetFakeElectron());

describe('the preload', () => {
  async function exposedApi(): Promise<Record<string, (arg: unknown) => unknown>> {
    const api = exposed.get(API_GLOBAL);
    if (!api) throw new Error('the preload exposed nothing');
    return api as Record<string, (arg: unknown) => unknown>;
  }

  it('exposes one function per contract method and event, and nothing else (never ipcRenderer)', async () => {
    const api = await exposedApi();
    expect([...exposed.keys()]).toEqual([API_GLOBAL]);
    expect(Object.keys(api).sort()).toEqual([...INVOKE_METHODS, ...EVENT_NAMES.map(subscriberName)].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('sends each call on its own channel', async () => {
    const api = await exposedApi();
    await api[INVOKE_METHODS[0]]?.({ x: 1 });
    expect(fakeElectron.ipcRenderer.invoke).toHaveBeenCalledWith(invokeChannel(INVOKE_METHODS[0]), { x: 1 });
  });

  it('hands listeners the payload only, not the IPC event, and unsubscribes', async () => {
    const api = await exposedApi();
    const event = EVENT_NAMES[0];
    const listener = vi.fn();
    const unsubscribe = api[subscriberName(event)]?.(listener) as () => void;
    const ipcEvent = { sender: fakeElectron.ipcRenderer, ports: [] };
    fakeElectron.ipcRenderer.emit(eventChannel(event), ipcEvent, { progress: 1 });
    expect(listener.mock.calls).toEqual([[{ progress: 1 }]]);
    unsubscribe();
    fakeElectron.ipcRenderer.emit(eventChannel(event), ipcEvent, { progress: 2 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(fakeElectron.ipcRenderer.listenerCount(eventChannel(event))).toBe(0);
  });
});

describe('print to PDF', () => {
  it('renders in a hidden, sandboxed window with JavaScript off, and closes it', async () => {
    const pdf = await printHtmlToPdf('<p>report <script>alert(1)</script></p>');
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.7 stand-in');
    const [window] = FakeBrowserWindow.instances;
    if (!window) throw new Error('no window');
    expect(window.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    expect(window.loadedUrl).toBe(`data:text/html;charset=utf-8,${encodeURIComponent('<p>report <script>alert(1)</script></p>')}`);
    expect(window.webContents.printOptions).toEqual([expect.objectContaining({ printBackground: true, pageSize: 'A4' })]);
    expect(window.isDestroyed()).toBe(true);
  });

  it('closes the window when printing fails', async () => {
    const original = FakeBrowserWindow.prototype.loadURL;
    const spy = vi.spyOn(FakeBrowserWindow.prototype, 'loadURL').mockImplementation(async function (this: FakeBrowserWindow, url: string) {
      await original.call(this, url);
      this.webContents.printToPdfResult = async () => {
        throw new Error('printing failed');
      };
    });
    await expect(printHtmlToPdf('<p>x</p>')).rejects.toThrow('printing failed');
    expect(FakeBrowserWindow.instances[0]?.isDestroyed()).toBe(true);
    spy.mockRestore();
  });
});
