import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PowerShell } from 'node-powershell';
import type { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { powershellScriptsDirectory } from '../paths';
import { resolvePowerShellExecutable, type PowerShellExecutable } from './executable';
import { killProcessTree } from './process-tree';
import { BOOTSTRAP_LANGUAGE, BOOTSTRAP_READY, buildBootstrapLoad, buildInvocation, newResultMarker, parseInvocationOutput, type PowerShellErrorRecord, type ScriptParameters } from './invocation';

export interface RunOptions<T> {
  /** Milliseconds before the run is abandoned and the shell restarted; default from the host. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Validates the script's value into typed facts; a mismatch is a malformed-output error. */
  schema?: z.ZodType<T>;
}

export interface RunResult<T> {
  value: T;
  nonTerminatingErrors: PowerShellErrorRecord[];
  durationMs: number;
}

/** Anything that can run an engine PowerShell script: the host, a pool of hosts. */
export interface ScriptRunner {
  run<T = unknown>(scriptPath: string, parameters?: ScriptParameters, options?: RunOptions<T>): Promise<RunResult<T>>;
  dispose(): Promise<void>;
}

export interface PowerShellHostOptions {
  executable?: PowerShellExecutable;
  defaultTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * One long-lived PowerShell process (node-powershell) that runs engine scripts.
 *
 * Starting PowerShell costs hundreds of milliseconds, so the process is kept
 * and reused; it is started lazily, restarted after it crashed, and killed and
 * replaced when a run times out or is cancelled (PowerShell cannot abort a
 * running pipeline from stdin). Runs are serialised by node-powershell.
 */
export class PowerShellHost implements ScriptRunner {
  readonly executable: PowerShellExecutable;
  private readonly defaultTimeoutMs: number;
  private shell: PowerShell | null = null;
  private ready: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(options: PowerShellHostOptions = {}) {
    this.executable = options.executable ?? resolvePowerShellExecutable();
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Process id of the running PowerShell, for diagnostics; null when none is running. */
  get pid(): number | null {
    return (this.shell as unknown as { process?: { pid?: number } } | null)?.process?.pid ?? null;
  }

  /** Starts PowerShell now (a pool warms its hosts before the first scan); runs start it anyway. */
  async start(): Promise<void> {
    await this.ensureShell();
  }

  /** Runs a script file with data passed as parameters and returns its typed value. */
  run<T = unknown>(scriptPath: string, parameters: ScriptParameters = {}, options: RunOptions<T> = {}): Promise<RunResult<T>> {
    const next = this.queue.then(() => this.runNow(scriptPath, parameters, options));
    // Keep the queue going whatever this run's outcome.
    this.queue = next.catch(() => undefined);
    return next;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.kill();
  }

  private async runNow<T>(scriptPath: string, parameters: ScriptParameters, options: RunOptions<T>): Promise<RunResult<T>> {
    if (this.disposed) throw new AppError('internal', 'The PowerShell host was already shut down.');
    if (options.signal?.aborted) throw cancelledError(scriptPath);
    const started = Date.now();
    const shell = await this.ensureShell();
    const marker = newResultMarker();
    const command = buildInvocation(scriptPath, parameters, marker);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;

    const invocation = shell.invoke(command);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const interrupt = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(scriptPath, timeoutMs)), timeoutMs);
      onAbort = () => reject(cancelledError(scriptPath));
      // The signal may have fired while the shell was starting.
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });

    let stdout: string;
    try {
      const result = await Promise.race([invocation, interrupt]);
      stdout = result.stdout?.toString('utf8') ?? '';
    } catch (err) {
      // Timed out, cancelled or the process died: this shell is unusable now.
      invocation.catch(() => undefined);
      await this.kill();
      if (err instanceof AppError) throw err;
      throw crashError(this.executable, err);
    } finally {
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      // node-powershell keeps every result in `history`; a long-lived shell must not.
      shell.history.length = 0;
    }

    const output = parseInvocationOutput(stdout, scriptPath, marker);
    const value = options.schema ? checkShape(options.schema, output.value, scriptPath) : (output.value as T);
    return { value, nonTerminatingErrors: output.nonTerminatingErrors, durationMs: Date.now() - started };
  }

  private async ensureShell(): Promise<PowerShell> {
    if (this.disposed) throw new AppError('internal', 'The PowerShell host was already shut down.');
    if (this.shell && !isExited(this.shell)) {
      await this.ready;
      return this.shell;
    }
    const shell = new PowerShell({
      executable: this.executable.path,
      executableOptions: { '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' },
      // TERM=dumb: with a terminal type pwsh appends escape codes after the
      // output, which can hide node-powershell's end marker until the timeout.
      // PowerShell 7 reports usage to Microsoft and looks for updates at each start unless
      // told not to: the wizard's hosts do neither (nothing leaves the jump box unasked).
      spawnOptions: { windowsHide: true, env: { ...process.env, TERM: 'dumb', POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' } },
      throwOnInvocationError: false,
    });
    this.shell = shell;
    this.ready = this.loadBootstrap(shell);
    try {
      await this.ready;
    } catch (err) {
      await this.kill();
      throw err;
    }
    return shell;
  }

  private async loadBootstrap(shell: PowerShell): Promise<void> {
    const bootstrap = readFileSync(path.join(powershellScriptsDirectory(), 'host', 'bootstrap.ps1'), 'utf8');
    try {
      const result = await shell.invoke(buildBootstrapLoad(bootstrap));
      const failure = bootstrapFailure(result.stdout?.toString('utf8') ?? '', result.stderr?.toString('utf8') ?? '');
      if (failure) throw failure;
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw startError(this.executable, err);
    } finally {
      shell.history.length = 0;
    }
  }

  private async kill(): Promise<void> {
    const shell = this.shell;
    this.shell = null;
    this.ready = null;
    if (!shell) return;
    const pid = (shell as unknown as { process?: { pid?: number } }).process?.pid;
    // The whole tree: a launcher's child would otherwise keep running the script.
    if (pid !== undefined) killProcessTree(pid);
    try {
      await shell.dispose('SIGKILL');
    } catch {
      // The process is gone either way; dispose rejects when it had already died.
    }
  }
}

/**
 * Why loading the bootstrap failed, from what the shell printed; null when it
 * loaded. ConstrainedLanguage mode (AppLocker or WDAC on this computer) is
 * said as such: nothing the wizard runs can work there.
 */
export function bootstrapFailure(stdout: string, stderr: string): AppError | null {
  if (stdout.includes(BOOTSTRAP_READY)) return null;
  const language = new RegExp(`${BOOTSTRAP_LANGUAGE}(\\w+)`).exec(stdout);
  if (language) {
    return new AppError('constrained-language', `PowerShell on this computer runs in ${language[1]} mode (AppLocker or Windows Defender Application Control), where the wizard's scripts cannot run.`, {
      fix: "Run the wizard on a jump box whose application control policy lets PowerShell run in FullLanguage mode (or have the policy allow the wizard's scripts), or run the offline collector on each server.",
    });
  }
  return new AppError('powershell-crashed', 'PowerShell started but could not load the engine bootstrap.', { detail: `${stdout}\n${stderr}`.trim() });
}

/**
 * A script's value validated into its typed shape; a mismatch is a
 * malformed-output error (the host's runs and the scan batch's result files).
 */
export function checkShape<T>(schema: z.ZodType<T>, value: unknown, scriptPath: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('malformed-output', `${path.basename(scriptPath)} returned data that does not match the expected shape.`, {
      detail: parsed.error.message.slice(0, 4000),
    });
  }
  return parsed.data;
}

function isExited(shell: PowerShell): boolean {
  return (shell as unknown as { isExited?: boolean }).isExited === true;
}

function timeoutError(scriptPath: string, timeoutMs: number): AppError {
  return new AppError('timeout', `${path.basename(scriptPath)} did not finish within ${Math.round(timeoutMs / 1000)} s.`, {
    fix: 'Check that the server answers (WinRM, network) and try again; a slow server may need a longer timeout.',
  });
}

function cancelledError(scriptPath: string): AppError {
  return new AppError('cancelled', `${path.basename(scriptPath)} was cancelled.`);
}

function isNotFound(err: unknown): boolean {
  const original = (err as { originalError?: { code?: string } } | null)?.originalError;
  const message = err instanceof Error ? err.message : String(err);
  return original?.code === 'ENOENT' || /ENOENT/.test(message);
}

function startError(executable: PowerShellExecutable, err: unknown): AppError {
  if (isNotFound(err)) {
    return new AppError('powershell-missing', `PowerShell was not found ("${executable.path}").`, {
      fix: 'On Windows, Windows PowerShell is built in; elsewhere run "npm run ensure-pwsh", or set EXWIZ_PWSH to the full path of pwsh.',
      detail: err instanceof Error ? err.message : String(err),
    });
  }
  return crashError(executable, err);
}

function crashError(executable: PowerShellExecutable, err: unknown): AppError {
  if (isNotFound(err)) return startError(executable, err);
  return new AppError('powershell-crashed', `PowerShell ("${executable.path}") stopped unexpectedly.`, {
    fix: 'Try again; the engine starts a fresh PowerShell for the next run.',
    detail: err instanceof Error ? err.message : String(err),
  });
}
