import type { PowerShellExecutable } from './executable';
import { PowerShellHost, type RunOptions, type RunResult, type ScriptRunner } from './host';
import type { ScriptParameters } from './invocation';

/**
 * A bounded set of PowerShell hosts for running scripts in parallel.
 *
 * Each host runs one script at a time, so the pool size is the number of
 * servers probed at once. Hosts start on first use and stay warm.
 */
export class PowerShellPool implements ScriptRunner {
  private readonly idle: PowerShellHost[] = [];
  private readonly all: PowerShellHost[] = [];
  private readonly waiting: Array<(host: PowerShellHost) => void> = [];

  constructor(
    readonly size: number,
    private readonly options: { executable?: PowerShellExecutable; defaultTimeoutMs?: number } = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('pool size must be a positive integer');
  }

  async run<T = unknown>(scriptPath: string, parameters: ScriptParameters = {}, options: RunOptions<T> = {}): Promise<RunResult<T>> {
    const host = await this.acquire();
    try {
      return await host.run(scriptPath, parameters, options);
    } finally {
      this.release(host);
    }
  }

  async dispose(): Promise<void> {
    await Promise.all(this.all.map(h => h.dispose()));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private acquire(): Promise<PowerShellHost> {
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
