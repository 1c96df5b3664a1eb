import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where the engine finds its files and keeps its data.
 *
 * Bundles live in out/<entry>/, the repository root is two levels up. A
 * packaged app reads its scripts from process.resourcesPath (PowerShell cannot
 * read scripts inside app.asar); EXWIZ_RESOURCES moves them in development only.
 */
export function projectRoot(): string {
  // Both the bundled output (out/<entry>/x.cjs) and the TypeScript sources
  // (electron/engine/paths.ts under vitest) sit two folders below the root.
  return path.resolve(__dirname, '..', '..');
}

/**
 * True when running from a packaged app (the code lies in app.asar). There,
 * environment overrides of script and PowerShell paths are ignored: anything
 * that can set an environment variable for the app could otherwise make it run
 * its own scripts with the admin's rights.
 */
export function isPackagedApp(directory: string = __dirname): boolean {
  return /[\\/]app\.asar(?:[\\/]|$)/.test(directory);
}

export function resourcesDirectory(): string {
  const packagedResources = (process as { resourcesPath?: string }).resourcesPath;
  if (isPackagedApp() && packagedResources) return packagedResources;
  const override = process.env.EXWIZ_RESOURCES;
  if (override) return path.resolve(override);
  return path.join(projectRoot(), 'resources');
}

export function powershellScriptsDirectory(): string {
  return path.join(resourcesDirectory(), 'powershell');
}

/** Per-user data folder (session, downloads, exports); EXWIZ_HOME overrides it. */
export function defaultDataDirectory(): string {
  const override = process.env.EXWIZ_HOME;
  if (override) return path.resolve(override);
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) {
    return path.join(process.env.LOCALAPPDATA, 'ExchangeRemediationWizard');
  }
  const xdg = process.env.XDG_DATA_HOME || path.join(homedir(), '.local', 'share');
  return path.join(xdg, 'exchange-remediation-wizard');
}

/** The renderer build, served by Electron from disk and by the browser-mode bridge. */
export function rendererDirectory(): string {
  const candidate = path.join(projectRoot(), 'out', 'renderer');
  return existsSync(candidate) ? candidate : path.join(resourcesDirectory(), '..', 'out', 'renderer');
}
