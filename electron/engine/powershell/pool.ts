import { AppError } from '../../../src-shared/domain/errors';
import type { PowerShellExecutable } from './executable';
import { PowerShellHost, type RunOptions, type RunResult, type ScriptRunner } from './host';
import type { ScriptParameters } from './invocation';

/**
 * A bounded set of PowerShell hosts for running scripts in parallel.
 *
 * Each host runs one script at a time. A scan is one script (its batch fans
 * out to the servers inside the process), so a small pool is enough: a host
 * costs about 200 MB, a runspace in it a few. Hosts start on first use (or
 * ahead with `warm`, as the engine does at launch) and stay warm.
 */
export class PowerShellPool implements ScriptRunner {
  private readonly idle: PowerShellHost[] = [];
  private readonly all: PowerShellHost[] = [];
  private readonly waiting: Array<(host: PowerShellHost) => void> = [];
  private disposed = false;

  constructor(
    readonly size: number,
    private readonly options: { executable?: PowerShellExecutable; defaultTimeoutMs?: number } = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('pool size must be a positive integer');
  }

  /** Hosts created so far (started or starting). */
  get hostCount(): number {
    return this.all.length;
  }

  /** Process ids of the hosts whose PowerShell is running (diagnostics, tests). */
  get pids(): number[] {
    return this.all.map(h => h.pid).filter((pid): pid is number => pid !== null);
  }

  async run<T = unknown>(scriptPath: string, parameters: ScriptParameters = {}, options: RunOptions<T> = {}): Promise<RunResult<T>> {
    const host = await this.acquire();
    try {
      return await host.run(scriptPath, parameters, options);
    } finally {
      this.release(host);
    }
  }

  /**
   * Starts up to `count` hosts now, in parallel, so the first scan does not
   * wait for PowerShell to start (seconds per process on a busy machine).
   * Resolves when they are ready; a host that fails to start is dropped and
   * its error comes back from the run that needs it instead.
   */
  async warm(count: number = this.size): Promise<void> {
    if (this.disposed) return;
    const wanted = Math.min(count, this.size) - this.all.length;
    const started: Array<Promise<void>> = [];
    for (let i = 0; i < wanted; i++) {
      const host = new PowerShellHost(this.options);
      this.all.push(host);
      this.release(host);
      started.push(host.start().catch(() => undefined));
    }
    await Promise.all(started);
  }

  /**
   * Stops every host. A run asked for afterwards (the launch warm-up still on its way, say) is
   * refused instead of starting a PowerShell that would keep the process alive.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all(this.all.map(h => h.dispose()));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private acquire(): Promise<PowerShellHost> {
    if (this.disposed) return Promise.reject(new AppError('cancelled', 'The wizard is shutting down: PowerShell was already stopped.'));
    const host = this.idle.pop();
    if (host) return Promise.resolve(host);
    if (this.all.length < this.size) {
      const created = new PowerShellHost(this.options);
      this.all.push(created);
      return Promise.resolve(created);
    }
    return new Promise(resolve => this.waiting.push(resolve));
  }

  private release(host: PowerShellHost): void {
    const next = this.waiting.shift();
    if (next) next(host);
    else this.idle.push(host);
  }
}
