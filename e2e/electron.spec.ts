import { _electron as electron, test, expect } from '@playwright/test';
import path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { electronBinary } = require('../scripts/electron-binary.cjs') as { electronBinary: () => string | null };

/**
 * Opens the real Electron window where the Electron binary exists. Installs
 * made with ELECTRON_SKIP_BINARY_DOWNLOAD=1 have no binary: the browser-mode
 * suite covers the same renderer and engine there, and this test says so.
 */
const binary = electronBinary();
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

const skipReason = !binary
  ? 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1); the browser-mode tests cover the renderer and engine.'
  : !display
    ? 'No display for Electron (run under xvfb-run to include this test).'
    : null;

test('launches the Electron app with a hardened window', async () => {
  if (skipReason) process.stdout.write(`skipping the Electron launch test: ${skipReason}\n`);
  test.skip(skipReason !== null, skipReason ?? '');
  const app = await electron.launch({
    args: [path.resolve(__dirname, '..'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, EXWIZ_HOME: path.resolve(__dirname, '..', 'test-results', 'electron-home') },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
    // Served by the app:// protocol handler (so the file:// fuse can be off), with its CSP header.
    expect(page.url()).toBe('app://exwiz/index.html');
    const csp = await page.evaluate(async () => (await fetch('app://exwiz/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'none'");
    // Sandboxed, isolated, no Node: the page sees only the contract's API object.
    const surface = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      api: typeof (window as unknown as { exwiz?: { getAppInfo?: unknown } }).exwiz?.getAppInfo,
      popup: window.open('https://example.com') === null,
    }));
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', api: 'function', popup: true });
  } finally {
    await app.close();
  }
});
