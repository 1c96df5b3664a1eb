import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Where a Chromium-based browser was found, for messages that say what was used. */
export type ChromiumSource = 'EXWIZ_CHROMIUM' | 'installed' | 'playwright-cache';

export interface ChromiumFound {
  path: string;
  source: ChromiumSource;
}

/** What the finder looks at; injected by tests so every branch runs on any machine. */
export interface ChromiumFinderSystem {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  arch: string;
  home: string;
  exists(file: string): boolean;
  /** Names in a folder; [] when it cannot be read. */
  list(folder: string): string[];
}

/** The real machine. */
export function currentSystem(): ChromiumFinderSystem {
  return {
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    home: homedir(),
    exists: existsSync,
    list: folder => {
      try {
        return readdirSync(folder);
      } catch {
        return [];
      }
    },
  };
}

/**
 * Installed Chromium-family browsers at the usual paths of each OS, best first.
 * Path joins follow the target platform, not the machine running the code, so
 * a Linux test can check the Windows list.
 */
export function installedBrowserPaths(system: Pick<ChromiumFinderSystem, 'env' | 'platform' | 'home'>): string[] {
  const { env, platform, home } = system;
  if (platform === 'win32') {
    const join = path.win32.join;
    const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return [
      // Edge is on every supported Windows Server jump box; Chrome and Chromium where someone added them.
      ...roots.map(r => join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
      ...roots.map(r => join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      ...roots.map(r => join(r, 'Chromium', 'Application', 'chrome.exe')),
    ];
  }
  if (platform === 'darwin') {
    const apps = ['/Applications', path.posix.join(home, 'Applications')];
    const bundles = [
      ['Google Chrome.app', 'Google Chrome'],
      ['Chromium.app', 'Chromium'],
      ['Microsoft Edge.app', 'Microsoft Edge'],
    ];
    return apps.flatMap(dir => bundles.map(([app, exe]) => path.posix.join(dir, app!, 'Contents', 'MacOS', exe!)));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/opt/microsoft/msedge/msedge',
  ];
}

/** Playwright's browser cache folder (PLAYWRIGHT_BROWSERS_PATH, else its per-OS default). */
export function playwrightCacheDirectory(system: Pick<ChromiumFinderSystem, 'env' | 'platform' | 'home'>): string | null {
  const { env, platform, home } = system;
  const configured = env.PLAYWRIGHT_BROWSERS_PATH;
  // "0" means "inside node_modules/playwright-core"; that install is found through the package, not here.
  if (configured && configured !== '0') return configured;
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'), 'ms-playwright');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'ms-playwright');
  return path.posix.join(env.XDG_CACHE_HOME ?? path.posix.join(home, '.cache'), 'ms-playwright');
}

/** The executable inside one `chromium-<revision>` folder of Playwright's cache, per OS and CPU (as Playwright lays it out). */
function playwrightExecutable(folder: string, platform: NodeJS.Platform, arch: string): string[] {
  if (platform === 'win32') return [path.win32.join(folder, 'chrome-win64', 'chrome.exe'), path.win32.join(folder, 'chrome-win', 'chrome.exe')];
  if (platform === 'darwin') {
    const cpu = arch === 'arm64' ? 'arm64' : 'x64';
    const app = ['Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'];
    return [path.posix.join(folder, `chrome-mac-${cpu}`, ...app), path.posix.join(folder, 'chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium')];
  }
  const linux = arch === 'arm64' ? 'chrome-linux-arm64' : 'chrome-linux64';
  return [path.posix.join(folder, linux, 'chrome'), path.posix.join(folder, 'chrome-linux', 'chrome')];
}

/** Chromium executables in Playwright's cache, newest revision first. */
export function playwrightCachedBrowsers(system: ChromiumFinderSystem): string[] {
  const cache = playwrightCacheDirectory(system);
  if (!cache) return [];
  const join = system.platform === 'win32' ? path.win32.join : path.posix.join;
  const revision = (name: string) => Number(name.slice('chromium-'.length)) || 0;
  return system
    .list(cache)
    .filter(name => /^chromium-\d+$/.test(name))
    .sort((a, b) => revision(b) - revision(a))
    .flatMap(name => playwrightExecutable(join(cache, name), system.platform, system.arch));
}

/**
 * The one browser finder (Playwright's config, the PDF printer, the tests and
 * `npm test`'s set-up): EXWIZ_CHROMIUM when set, else an installed
 * Chromium/Chrome/Edge, else Playwright's own cache. An EXWIZ_CHROMIUM that
 * does not exist is not silently replaced by another browser: the admin asked
 * for that one.
 */
export function findChromium(system: ChromiumFinderSystem = currentSystem()): ChromiumFound | null {
  const chosen = system.env.EXWIZ_CHROMIUM;
  if (chosen) return system.exists(chosen) ? { path: chosen, source: 'EXWIZ_CHROMIUM' } : null;
  for (const candidate of installedBrowserPaths(system)) if (system.exists(candidate)) return { path: candidate, source: 'installed' };
  for (const candidate of playwrightCachedBrowsers(system)) if (system.exists(candidate)) return { path: candidate, source: 'playwright-cache' };
  return null;
}

/** The path alone, for callers that only launch it. */
export function findChromiumPath(system?: ChromiumFinderSystem): string | null {
  return findChromium(system)?.path ?? null;
}
