import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { PowerShellPool } from '../../electron/engine/powershell/pool';
import { scanTargets } from '../../electron/engine/scan/scan-service';
import { requirePwsh } from '../helpers/pwsh';
import { E19 } from '../probes/helpers';

describe('the engine warms its PowerShell at launch', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'exwiz-warm-'));
  let engine: Engine | undefined;
  afterAll(async () => {
    await engine?.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('starts one host after launch, not during it, and the first scan runs on that host', async () => {
    requirePwsh();
    engine = createEngine({ mode: 'browser', version: 'test', dataDirectory: home, ports: { openExternal: async () => undefined }, warmPowerShell: true });
    const pool = engine.context.scripts();
    expect(pool).toBeInstanceOf(PowerShellPool);
    // Deferred to the next turn: creating the engine (and the window after it) does not wait for PowerShell.
    expect((pool as PowerShellPool).hostCount).toBe(0);
    await engine.warmed;
    const warm = (pool as PowerShellPool).pids;
    expect(warm).toHaveLength(1);

    const [result] = await scanTargets([{ server: { name: 'SOLO-E19A', fqdn: null, versionHint: null, roles: ['Mailbox'], site: null, source: 'lab', notes: [] }, lab: { directory: E19 } }], {
      runner: pool,
      concurrency: 4,
      timeoutMs: 90_000,
    });
    expect(result?.error).toBeNull();
    // No second PowerShell was started for the scan: it ran in the warm one.
    expect((pool as PowerShellPool).hostCount).toBe(1);
    expect((pool as PowerShellPool).pids).toEqual(warm);
  });

  it('starts nothing when not asked to (tests, the CLI)', async () => {
    const quiet = createEngine({ mode: 'cli', version: 'test', dataDirectory: home, ports: { openExternal: async () => undefined } });
    try {
      await quiet.warmed;
      expect((quiet.context.scripts() as PowerShellPool).hostCount).toBe(0);
    } finally {
      await quiet.dispose();
    }
  });
});
