import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scanDemo } from './helpers';
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
    env: { ...process.env, EXWIZ_HOME: dataHome, ...env },
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

/** Test fixtures: a fresh wizard, or one reopening the scanned demo organisation. */
interface WizardFixtures {
  /** The wizard on a new data folder (holding only the run's demo lab). */
  wizard: WizardServer;
  /** The wizard on a copy of {@link WorkerFixtures.scannedDemoHome}: it opens on Health with the seven servers scanned. */
  scannedWizard: WizardServer;
}

/** Worker fixtures, made once per Playwright worker and only if a test asks for them. */
interface WorkerFixtures {
  /**
   * A data folder in which the demo organisation was discovered and scanned through the UI
   * (`scanDemo`), left on the Health step. Tests that start from scan results copy it
   * (`copySession`, or the `scannedWizard` fixture) instead of scanning the demo again;
   * tests of discovery and scanning themselves still drive them.
   */
  scannedDemoHome: string;
}

export const test = base.extend<WizardFixtures, WorkerFixtures>({
  // Playwright requires the destructuring form for fixtures without dependencies.
  // eslint-disable-next-line no-empty-pattern
  wizard: async ({}, use) => {
    const server = await startWizard();
    await use(server);
    await stopWizard(server);
  },
  scannedDemoHome: [
    async ({ browser }, use) => {
      // Kept in the run's folder, so a worker started after a failed test reuses it.
      const template = path.join(runFolder(), 'scanned-demo');
      if (!existsSync(path.join(template, 'session.json'))) {
        const server = await startWizard();
        const page = await browser.newPage();
        try {
          await page.goto(server.url);
          await scanDemo(page);
        } finally {
          await page.close();
          await stopWizard(server, false);
        }
        // Copies live in other folders: nothing in the session may point back at this one.
        expect(readFileSync(path.join(server.home, 'session.json'), 'utf8')).not.toContain(server.home);
        // Whole or not at all, should another worker be scanning too.
        if (existsSync(template)) rmSync(server.home, { recursive: true, force: true });
        else renameSync(server.home, template);
      }
      await use(template);
    },
    // A full scan of seven servers on a loaded machine.
    { scope: 'worker', timeout: 420_000 },
  ],
  scannedWizard: async ({ scannedDemoHome }, use) => {
    const server = await startWizard({}, copySession(scannedDemoHome));
    await use(server);
    await stopWizard(server);
  },
});

export { expect };
