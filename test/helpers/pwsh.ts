import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PowerShellHost, type PowerShellHostOptions } from '../../electron/engine/powershell/host';
import { resolvePowerShellExecutable } from '../../electron/engine/powershell/executable';
import { PowerShellPool } from '../../electron/engine/powershell/pool';
import { killProcessTree } from '../../electron/engine/powershell/process-tree';

/**
 * The one place the tests start PowerShell. Every test that runs pwsh goes through here:
 * - {@link useRealPwshHost}: the worker's shared host and a scratch folder (most tests);
 * - {@link newPwshHost} / {@link useRealPwshPool}: a host or pool of the test's own, for tests of
 *   the host and pool themselves or that stop, crash or time out a PowerShell;
 * - {@link runPwsh}: a fresh `pwsh` process, for what only a new process shows (a console
 *   paste read from stdin, the bootstrap loaded into a shell of a given language mode).
 *
 * A PowerShell start costs about a second of CPU here, and a host's first probe another five
 * (the probe's scripts compiled, the lab's captures parsed): the files of a worker share one
 * host instead of paying that again in every file.
 */

/** Long enough for a probe on a loaded 2-core machine; a test that needs a shorter limit passes `timeoutMs`. */
const SHARED_TIMEOUT_MS = 180_000;

let checked: string | null = null;

/**
 * The real PowerShell the tests run. `npm test` runs `ensure-pwsh` first, so a
 * missing pwsh is a set-up error, reported loudly rather than skipped. Checked once per
 * worker process (starting pwsh to ask its version costs as much as any other start).
 */
export function requirePwsh(): string {
  if (checked) return checked;
  const exe = resolvePowerShellExecutable();
  const run = spawnSync(exe.path, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], { stdio: 'pipe' });
  if (run.status !== 0) {
    throw new Error(`PowerShell (${exe.path}) is needed for these tests: run "npm run ensure-pwsh".`, { cause: run.error ?? new Error(String(run.stderr)) });
  }
  checked = exe.path;
  return checked;
}

let shared: PowerShellHost | null = null;

/**
 * The worker's one long-lived PowerShell host, started on first use and shared by the test
 * files that worker runs (the integration and unit projects share a module registry per
 * worker). Never dispose it in a test: a test that must stop or crash its PowerShell takes a
 * host of its own ({@link newPwshHost}). A run that times out replaces the shell, as in the app.
 */
export function sharedPwshHost(): PowerShellHost {
  if (!shared) {
    requirePwsh();
    const host = new PowerShellHost({ defaultTimeoutMs: SHARED_TIMEOUT_MS });
    shared = host;
    // The worker has no hook of its own at its end: take the shell (and the runtime a launcher
    // started) with it, whether it exits or Vitest stops it with SIGTERM (then it still ends by
    // that signal). Else the shell outlives it until it sees the end of its stdin.
    const stop = () => {
      const pid = host.pid;
      if (pid !== null) killProcessTree(pid);
    };
    process.once('exit', stop);
    process.once('SIGTERM', () => {
      stop();
      process.kill(process.pid, 'SIGTERM');
    });
  }
  return shared;
}

/** A PowerShell host of the test's own (after checking PowerShell is there); the test disposes of it. */
export function newPwshHost(options: PowerShellHostOptions = {}): PowerShellHost {
  requirePwsh();
  return new PowerShellHost(options);
}

/** What {@link useRealPwshHost} provides, once its `beforeAll` has run. */
export interface RealPwshHost {
  /** The worker's shared real PowerShell ({@link sharedPwshHost}), or the block's own. */
  host: PowerShellHost;
  /** A fresh temporary folder, removed afterwards. */
  scratch: string;
}

/**
 * For a describe block of real-PowerShell tests: the shared host and a scratch folder made
 * before its tests (the folder removed after them). A describe's own `beforeAll`, registered
 * after this call, can use both. `own`: a host of the block's own instead, disposed after its
 * tests, for tests that time out, cancel or crash their PowerShell (the host's own tests).
 */
export function useRealPwshHost(scratchPrefix: string, options: { own?: PowerShellHostOptions } = {}): RealPwshHost {
  const real = {} as RealPwshHost;
  beforeAll(() => {
    real.host = options.own ? newPwshHost(options.own) : sharedPwshHost();
    real.scratch = mkdtempSync(path.join(tmpdir(), scratchPrefix));
  });
  afterAll(async () => {
    if (options.own) await real.host?.dispose();
    if (real.scratch) rmSync(real.scratch, { recursive: true, force: true });
  });
  return real;
}

/** For a describe block that needs several hosts at once: a pool of its own, disposed after its tests. */
export function useRealPwshPool(size: number, defaultTimeoutMs: number): { pool: PowerShellPool } {
  const real = {} as { pool: PowerShellPool };
  beforeAll(() => {
    requirePwsh();
    real.pool = new PowerShellPool(size, { defaultTimeoutMs });
  });
  afterAll(async () => real.pool?.dispose());
  return real;
}

/** What a one-off `pwsh` process did. */
export interface PwshProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a fresh `pwsh -NoProfile -NonInteractive` with these arguments (`-Command …`, `-File …`)
 * and waits for it. Only for what a new process shows; everything else runs on the shared host.
 */
export function runPwsh(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): PwshProcessResult {
  const run = spawnSync(requirePwsh(), ['-NoProfile', '-NonInteractive', ...args], {
    input: options.input,
    env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
