import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PowerShellPool } from '../../electron/engine/powershell/pool';
import { useRealPwshPool } from '../helpers/pwsh';

const sleep = path.join(__dirname, '..', 'fixtures', 'powershell', 'sleep.ps1');

describe('PowerShellPool.warm: hosts started before the first scan', () => {
  const real = useRealPwshPool(2, 60_000);

  it('starts up to its size at once, and the runs that follow (more than its size, in parallel) use those hosts', async () => {
    const { pool } = real;
    await pool.warm(5);
    expect(pool.hostCount).toBe(2);
    const results = await Promise.all([1, 2, 3].map(() => pool.run(sleep, { Seconds: 0 })));
    expect(results.map(r => r.value)).toEqual([{ slept: 0 }, { slept: 0 }, { slept: 0 }]);
    expect(pool.hostCount).toBe(2);
  });
});

describe('PowerShellPool.dispose: nothing starts after the wizard shuts down', () => {
  // The engine warms a host at launch; a stop during the warm-up used to start a new PowerShell
  // for the warm-up's batch, which kept `exwiz serve` alive after SIGTERM.
  it('refuses runs and warm-ups asked for after dispose, without creating a host', async () => {
    const pool = new PowerShellPool(2, { defaultTimeoutMs: 60_000 });
    await pool.dispose();
    await pool.warm(2);
    await expect(pool.run(sleep, { Seconds: 0 })).rejects.toMatchObject({ code: 'cancelled' });
    expect(pool.hostCount).toBe(0);
  });
});
