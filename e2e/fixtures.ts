import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { labTemplateHome, runFolder } from './run-folder';

export interface WizardServer {
  /** The address with its access token, as "npm start" prints it. */
  url: string;
  origin: string;
  /** The engine's data folder (session, downloads, exports) for this test. */
  home: string;
  process: ChildProcess;
}

const root = path.resolve(__dirname, '..');

/**
 * A new data folder holding a copy of the run's demo lab (e2e/global-setup.ts), as the engine
 * leaves it after the first discovery: the wizard reuses it instead of generating it again.
 */
function newDataFolder(): string {
  const home = mkdtempSync(path.join(tmpdir(), 'exwiz-e2e-'));
  cpSync(path.join(labTemplateHome(), 'demo-lab'), path.join(home, 'demo-lab'), { recursive: true });
  return home;
}

/**
 * Starts the wizard exactly as `npm start` does where Electron is missing
 * (`exwiz serve`), with its own data folder (by default a new one holding the
 * run's demo lab), and stops it after the test.
 */
export async function startWizard(env: Record<string, string> = {}, home?: string): Promise<WizardServer> {
  const dataHome = home ?? newDataFolder();
  const child = spawn(process.execPath, [path.join(root, 'bin', 'exwiz.cjs'), 'serve', '--no-open'], {
    cwd: root,
    // Demo downloads unpaced: the pace is there for a person to watch the progress.
    env: { ...process.env, EXWIZ_HOME: dataHome, EXWIZ_DEMO_DOWNLOAD_RATE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`exwiz serve did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', code => reject(new Error(`exwiz serve exited with ${code}:\n${output}`)));
  });
  return { url, origin: new URL(url).origin, home: dataHome, process: child };
}

export async function stopWizard(server: WizardServer, removeHome = true): Promise<void> {
  if (server.process.exitCode === null) {
    const exited = new Promise(resolve => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    await exited;
  }
  if (removeHome) rmSync(server.home, { recursive: true, force: true });
}

/**
 * A new data folder holding a copy of `template`'s session (not its lock, exports or downloads)
 * and the run's demo lab: a wizard started on it reopens that session as the admin left it.
 */
export function copySession(template: string): string {
  const home = newDataFolder();
  cpSync(path.join(template, 'session.json'), path.join(home, 'session.json'));
  return home;
}

/**
 * Where the run's scanned demo organisation is kept (made by e2e/scanned-demo.setup.ts): a data
 * folder in which the demo was discovered and scanned through the UI, left on the Health step.
 */
export function scannedDemoTemplate(): string {
  return path.join(runFolder(), 'scanned-demo');
}

/** Test fixtures: a fresh wizard, or one reopening the scanned demo organisation. */
interface WizardFixtures {
  /** The wizard on a new data folder (holding only the run's demo lab). */
  wizard: WizardServer;
  /**
   * The run's scanned demo organisation ({@link scannedDemoTemplate}). Tests that start from scan
   * results copy it (`copySession`, or the `scannedWizard` fixture) instead of scanning the demo
   * again, and are tagged @scanned so that they run after it was made; tests of discovery and
   * scanning themselves still drive them.
   */
  scannedDemoHome: string;
  /** The wizard on a copy of the scanned demo's session: it opens on Health with the seven servers scanned. */
  scannedWizard: WizardServer;
}

/** The tag of tests that start from the scanned demo (see playwright.config.ts). */
export const SCANNED = { tag: '@scanned' } as const;

export const test = base.extend<WizardFixtures>({
  // Playwright requires the destructuring form for fixtures without dependencies.
  // eslint-disable-next-line no-empty-pattern
  wizard: async ({}, use) => {
    const server = await startWizard();
    await use(server);
    await stopWizard(server);
  },
  // eslint-disable-next-line no-empty-pattern
  scannedDemoHome: async ({}, use, testInfo) => {
    const template = scannedDemoTemplate();
    if (!testInfo.tags.includes(SCANNED.tag) || !existsSync(path.join(template, 'session.json'))) {
      throw new Error(`"${testInfo.title}" starts from the scanned demo: tag it ${SCANNED.tag}, so it runs after the "demo-scan" project made it.`);
    }
    await use(template);
  },
  scannedWizard: async ({ scannedDemoHome }, use) => {
    const server = await startWizard({}, copySession(scannedDemoHome));
    await use(server);
    await stopWizard(server);
  },
});

export { expect };
