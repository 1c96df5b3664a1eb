import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PowerShellHost } from '../../electron/engine/powershell/host';
import { resolvePowerShellExecutable } from '../../electron/engine/powershell/executable';

/**
 * The real PowerShell the tests run. `npm test` runs `ensure-pwsh` first, so a
 * missing pwsh is a set-up error, reported loudly rather than skipped.
 */
export function requirePwsh(): string {
  const exe = resolvePowerShellExecutable();
  try {
    execFileSync(exe.path, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`PowerShell (${exe.path}) is needed for these tests: run "npm run ensure-pwsh".`, { cause: err });
  }
  return exe.path;
}

/** What {@link useRealPwshHost} provides, once its `beforeAll` has run. */
export interface RealPwshHost {
  /** One long-lived real PowerShell for the describe block. */
  host: PowerShellHost;
  /** A fresh temporary folder, removed afterwards. */
  scratch: string;
}

/**
 * For a describe block of real-PowerShell tests: a host and a scratch folder made before its
 * tests (after checking that PowerShell is there) and disposed of after them. A describe's own
 * `beforeAll`, registered after this call, can use both.
 */
export function useRealPwshHost(scratchPrefix: string, defaultTimeoutMs: number): RealPwshHost {
  const real = {} as RealPwshHost;
  beforeAll(() => {
    requirePwsh();
    real.host = new PowerShellHost({ defaultTimeoutMs });
    real.scratch = mkdtempSync(path.join(tmpdir(), scratchPrefix));
  });
  afterAll(async () => {
    await real.host?.dispose();
    if (real.scratch) rmSync(real.scratch, { recursive: true, force: true });
  });
  return real;
}
