import { describe, expect, it } from 'vitest';
import { findChromium, installedBrowserPaths, playwrightCacheDirectory, type ChromiumFinderSystem } from '../../electron/engine/browser/find-chromium';
import { ensureChromium } from '../../scripts/lib/ensure-chromium.mjs';

/** A machine made of a set of existing files and folder listings. */
function machine(partial: Partial<ChromiumFinderSystem> & { files?: string[]; folders?: Record<string, string[]> }): ChromiumFinderSystem {
  const files = new Set(partial.files ?? []);
  return {
    env: partial.env ?? {},
    platform: partial.platform ?? 'linux',
    arch: partial.arch ?? 'x64',
    home: partial.home ?? '/home/admin',
    exists: file => files.has(file),
    list: folder => partial.folders?.[folder] ?? [],
  };
}

describe("the browser finder: EXWIZ_CHROMIUM, then an installed browser, then Playwright's cache", () => {
  const cache = '/home/admin/.cache/ms-playwright';
  const cached = `${cache}/chromium-1255/chrome-linux64/chrome`;

  it('takes EXWIZ_CHROMIUM first, even when others exist', () => {
    const system = machine({ env: { EXWIZ_CHROMIUM: '/opt/mine/chrome' }, files: ['/opt/mine/chrome', '/usr/bin/chromium', cached], folders: { [cache]: ['chromium-1255'] } });
    expect(findChromium(system)).toEqual({ path: '/opt/mine/chrome', source: 'EXWIZ_CHROMIUM' });
  });

  it('does not swap a missing EXWIZ_CHROMIUM for another browser', () => {
    const system = machine({ env: { EXWIZ_CHROMIUM: '/opt/gone/chrome' }, files: ['/usr/bin/chromium'] });
    expect(findChromium(system)).toBeNull();
  });

  it("prefers an installed browser to Playwright's cache", () => {
    const system = machine({ files: ['/usr/bin/google-chrome', cached], folders: { [cache]: ['chromium-1255'] } });
    expect(findChromium(system)).toEqual({ path: '/usr/bin/google-chrome', source: 'installed' });
  });

  it("falls back to the newest Chromium in Playwright's cache", () => {
    const older = `${cache}/chromium-1100/chrome-linux64/chrome`;
    const system = machine({ files: [older, cached], folders: { [cache]: ['ffmpeg-1011', 'chromium-1100', 'chromium-1255', 'chromium-headless-shell-1255'] } });
    expect(findChromium(system)).toEqual({ path: cached, source: 'playwright-cache' });
  });

  it('honours PLAYWRIGHT_BROWSERS_PATH and the arm64 layout', () => {
    const system = machine({
      env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' },
      arch: 'arm64',
      files: ['/srv/pw/chromium-1255/chrome-linux-arm64/chrome'],
      folders: { '/srv/pw': ['chromium-1255'] },
    });
    expect(findChromium(system)).toEqual({ path: '/srv/pw/chromium-1255/chrome-linux-arm64/chrome', source: 'playwright-cache' });
  });

  it('finds nothing on a machine without any', () => {
    expect(findChromium(machine({}))).toBeNull();
  });

  it('knows the usual Windows and macOS places', () => {
    const windows = {
      env: { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\admin\\AppData\\Local' },
      platform: 'win32' as const,
      home: 'C:\\Users\\admin',
    };
    const paths = installedBrowserPaths(windows);
    expect(paths[0]).toBe('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(paths).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(paths).toContain('C:\\Users\\admin\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    expect(playwrightCacheDirectory(windows)).toBe('C:\\Users\\admin\\AppData\\Local\\ms-playwright');
    const mac = { env: {}, platform: 'darwin' as const, home: '/Users/admin' };
    expect(installedBrowserPaths(mac)[0]).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(playwrightCacheDirectory(mac)).toBe('/Users/admin/Library/Caches/ms-playwright');
    const edge = machine({ ...windows, files: ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'] });
    expect(findChromium(edge)).toEqual({ path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', source: 'installed' });
  });
});

describe("npm test's browser set-up: find, else Playwright's installer, else apt-get on Debian as root, else one sentence", () => {
  type Step = { command: string; args: string[] };
  function setUp(options: { present?: boolean; installs?: Record<string, boolean>; env?: Record<string, string>; platform?: string; isRoot?: boolean; isDebian?: boolean }) {
    let present = options.present ?? false;
    const ran: Step[] = [];
    const said: string[] = [];
    const result = ensureChromium({
      find: () => (present ? { path: '/found/chrome', source: 'installed' } : null),
      run: (command, args) => {
        ran.push({ command, args });
        const key = `${command} ${args.join(' ')}`;
        const ok = options.installs?.[key] ?? (key.startsWith('apt-get update') ? true : false);
        if (ok && key !== 'apt-get update -q') present = true;
        return ok ? 0 : 1;
      },
      env: options.env ?? {},
      platform: options.platform ?? 'linux',
      isRoot: options.isRoot ?? false,
      isDebian: options.isDebian ?? false,
      say: line => said.push(line),
    });
    return { result, ran: ran.map(s => `${s.command} ${s.args.join(' ')}`), said };
  }

  it('installs nothing when a browser is there, and says which one is used', () => {
    const { result, ran, said } = setUp({ present: true });
    expect(result).toEqual({ path: '/found/chrome', source: 'installed' });
    expect(ran).toEqual([]);
    expect(said.join('\n')).toMatch(/\/found\/chrome \(installed browser\)/);
  });

  it("runs Playwright's installer when none is found", () => {
    const { result, ran } = setUp({ installs: { 'npx playwright install chromium': true }, isDebian: true, isRoot: true });
    expect(result).toMatchObject({ path: '/found/chrome' });
    expect(ran).toEqual(['npx playwright install chromium']);
  });

  it("falls back to Debian's chromium as root when Playwright cannot download", () => {
    const { result, ran, said } = setUp({ installs: { 'apt-get install -y -q chromium': true }, isDebian: true, isRoot: true });
    expect(result).toMatchObject({ path: '/found/chrome' });
    expect(ran).toEqual(['npx playwright install chromium', 'apt-get update -q', 'apt-get install -y -q chromium']);
    expect(said.join('\n')).toMatch(/apt-get install -y chromium/);
  });

  it('does not use apt-get without root, and stops with one sentence naming the command', () => {
    const { result, ran } = setUp({ isDebian: true, isRoot: false });
    expect(ran).toEqual(['npx playwright install chromium']);
    expect(result).toHaveProperty('error');
    const error = (result as { error: string }).error;
    expect(error).toMatch(/"sudo apt-get install -y chromium"/);
    expect(error.split(/(?<=\.)\s/).length).toBe(1);
  });

  it('stops at once when EXWIZ_CHROMIUM points at nothing', () => {
    const { result, ran } = setUp({ env: { EXWIZ_CHROMIUM: '/nope/chrome' }, isDebian: true, isRoot: true });
    expect(ran).toEqual([]);
    expect((result as { error: string }).error).toMatch(/EXWIZ_CHROMIUM is set to "\/nope\/chrome"/);
  });

  it("names Playwright's installer off Debian", () => {
    const { result } = setUp({ platform: 'darwin' });
    expect((result as { error: string }).error).toMatch(/"npx playwright install chromium"/);
  });
});
