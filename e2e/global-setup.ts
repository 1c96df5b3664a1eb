import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareDemoLab } from '../electron/engine/demo/demo-lab';
import { PowerShellHost } from '../electron/engine/powershell/host';
import { RUN_FOLDER_VARIABLE, labTemplateHome } from './run-folder';

/**
 * Playwright's global set-up: a folder for what the run's tests share, named to the workers in
 * an environment variable, holding today's demo lab made once by the real generator. Each new
 * data folder starts with a copy of it (`startWizard`), instead of each test's first discovery
 * running the generator again; the generator itself is tested in the Vitest layer.
 */
export default async function globalSetup(): Promise<() => void> {
  const run = mkdtempSync(path.join(tmpdir(), 'exwiz-e2e-run-'));
  process.env[RUN_FOLDER_VARIABLE] = run;
  const home = labTemplateHome();
  mkdirSync(home, { recursive: true });
  const host = new PowerShellHost({ defaultTimeoutMs: 180_000 });
  try {
    await prepareDemoLab(host, home);
  } finally {
    await host.dispose();
  }
  return () => rmSync(run, { recursive: true, force: true });
}
