import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
 * Starts the wizard exactly as `npm start` does where Electron is missing
 * (`exwiz serve`), with its own data folder, and stops it after the test.
 */
export async function startWizard(env: Record<string, string> = {}, home?: string): Promise<WizardServer> {
  const dataHome = home ?? mkdtempSync(path.join(tmpdir(), 'exwiz-e2e-'));
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

export const test = base.extend<{ wizard: WizardServer }>({
  // Playwright requires the destructuring form for fixtures without dependencies.
  // eslint-disable-next-line no-empty-pattern
  wizard: async ({}, use) => {
    const server = await startWizard();
    await use(server);
    await stopWizard(server);
  },
});

export { expect };
